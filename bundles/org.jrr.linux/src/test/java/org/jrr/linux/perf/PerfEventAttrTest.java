package org.jrr.linux.perf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PerfEventAttrTest {
    /**
     * The bytes gcc produced for the same struct from linux/perf_event.h (kernel 6.18 headers): type RAW, config
     * 0x5111c4, sample_period 1000, disabled + pinned + exclude_kernel + exclude_hv + exclude_guest.
     */
    private static final String RCB_COUNTER_FROM_GCC = "0400000080000000c411510000000000e803000000000000"
            + "0000000000000000" + "0000000000000000" + "6500100000000000" + "00".repeat(80);

    /**
     * From gcc too: a breakpoint event, bp_type 4 (X) at 0x401000 len 8, period 777, precise_ip 2, exclude_kernel,
     * remove_on_exec, sigtrap, wakeup_events 1, sig_data 0x1122334455667788.
     */
    private static final String BREAKPOINT_FROM_GCC = "0500000080000000" + "0000000000000000" + "0903000000000000"
            + "0000000000000000" + "0000000000000000" + "2000010030000000" + "0100000004000000"
            + "0010400000000000" + "0800000000000000" + "00".repeat(48) + "8877665544332211";

    @Test
    void rcbCounterMatchesTheCLayout() {
        PerfEventAttr attr = PerfEventAttr.of(PerfEventAttr.TYPE_RAW, 0x5111c4).withSamplePeriod(1000)
                .with(PerfFlag.DISABLED, PerfFlag.PINNED, PerfFlag.EXCLUDE_KERNEL, PerfFlag.EXCLUDE_HV,
                        PerfFlag.EXCLUDE_GUEST);
        assertArrayEquals(HexFormat.of().parseHex(RCB_COUNTER_FROM_GCC), attr.encode());
    }

    @Test
    void breakpointMatchesTheCLayout() {
        PerfEventAttr attr = PerfEventAttr.of(PerfEventAttr.TYPE_BREAKPOINT, 0).withSamplePeriod(777)
                .withBreakpoint(4, 0x401000, 8).withPreciseIp(2).withWakeupEvents(1)
                .with(PerfFlag.EXCLUDE_KERNEL, PerfFlag.REMOVE_ON_EXEC, PerfFlag.SIGTRAP)
                .withSigData(0x1122334455667788L);
        assertArrayEquals(HexFormat.of().parseHex(BREAKPOINT_FROM_GCC), attr.encode());
    }

    @Test
    void fieldsAtTheirOffsets() {
        PerfEventAttr attr = new PerfEventAttr(0x11111111, 0x2222222222222222L, 0x3333333333333333L,
                0x4444444444444444L, 0x5555555555555555L, Set.of(), 0, 0x66666666, 0x77777777, 0x0808080808080808L,
                0x0909090909090909L, 0x0a0a0a0a0a0a0a0aL);
        ByteBuffer b = ByteBuffer.wrap(attr.encode()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(128, b.capacity());
        assertEquals(0x11111111, b.getInt(0), "type");
        assertEquals(128, b.getInt(4), "size = PERF_ATTR_SIZE_VER7");
        assertEquals(0x2222222222222222L, b.getLong(8), "config");
        assertEquals(0x3333333333333333L, b.getLong(16), "sample_period");
        assertEquals(0x4444444444444444L, b.getLong(24), "sample_type");
        assertEquals(0x5555555555555555L, b.getLong(32), "read_format");
        assertEquals(0, b.getLong(40), "flags");
        assertEquals(0x66666666, b.getInt(48), "wakeup_events");
        assertEquals(0x77777777, b.getInt(52), "bp_type");
        assertEquals(0x0808080808080808L, b.getLong(56), "bp_addr / config1");
        assertEquals(0x0909090909090909L, b.getLong(64), "bp_len / config2");
        for (int off = 72; off < 120; off += 8) {
            assertEquals(0, b.getLong(off), "unused field at " + off + " stays 0 (a kernel rejects unknown bits)");
        }
        assertEquals(0x0a0a0a0a0a0a0a0aL, b.getLong(120), "sig_data");
    }

    @Test
    void eachFlagIsItsOwnBitAtOffset40() {
        // The bits rr-style counters depend on, checked against the header's bit-field order.
        assertEquals(0, PerfFlag.DISABLED.bit());
        assertEquals(2, PerfFlag.PINNED.bit());
        assertEquals(5, PerfFlag.EXCLUDE_KERNEL.bit());
        assertEquals(6, PerfFlag.EXCLUDE_HV.bit());
        assertEquals(20, PerfFlag.EXCLUDE_GUEST.bit());
        assertEquals(37, PerfFlag.SIGTRAP.bit());
        long seen = 0;
        for (PerfFlag f : PerfFlag.values()) {
            long word = ByteBuffer.wrap(PerfEventAttr.of(1, 0).with(f).encode()).order(ByteOrder.LITTLE_ENDIAN)
                    .getLong(40);
            assertEquals(1L << f.bit(), word, f.name());
            assertEquals(0, seen & word, f + " shares a bit with another flag");
            assertTrue(f.bit() != 15 && f.bit() != 16, f + " overlaps precise_ip");
            seen |= word;
        }
    }

    @Test
    void preciseIpIsTwoBitsAt15() {
        for (int p = 0; p <= 3; p++) {
            assertEquals((long) p << 15, PerfEventAttr.of(1, 0).withPreciseIp(p).flagsWord());
        }
        assertThrows(IllegalArgumentException.class, () -> PerfEventAttr.of(1, 0).withPreciseIp(4));
    }

    @Test
    void rejectsAPeriodTheKernelWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> PerfEventAttr.of(4, 0).withSamplePeriod(-1));
        assertEquals(Long.MAX_VALUE, PerfEventAttr.of(4, 0).withSamplePeriod(Long.MAX_VALUE).samplePeriod());
    }

    @Test
    void valueSemantics() {
        PerfEventAttr a = PerfEventAttr.of(4, 1).with(PerfFlag.PINNED, PerfFlag.DISABLED);
        PerfEventAttr b = PerfEventAttr.of(4, 1).with(PerfFlag.DISABLED).with(PerfFlag.PINNED);
        assertEquals(a, b);
        assertTrue(a.has(PerfFlag.PINNED));
        assertEquals("perf_event_attr{type 4, config 0x1, period 0, flags [DISABLED, PINNED]}", a.toString());
    }
}
