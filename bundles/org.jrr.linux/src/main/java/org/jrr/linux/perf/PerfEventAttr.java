package org.jrr.linux.perf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The fields of {@code struct perf_event_attr} jrr sets, as a value, and their encoding into the bytes the kernel
 * reads. The encoding is written by hand rather than through a struct mapper so that every offset is visible and
 * unit-tested against the layout in {@code linux/perf_event.h}.
 *
 * <p>jrr always passes {@link #SIZE} (PERF_ATTR_SIZE_VER7, 128 bytes, since Linux 5.13). Older kernels accept it
 * too as long as the bytes they do not know are zero, which they are unless {@code sigData}, {@code SIGTRAP} or
 * {@code REMOVE_ON_EXEC} is used.
 *
 * @param type PERF_TYPE_* or the dynamic type of a PMU from sysfs
 * @param config the event, meaning depends on {@code type} (for {@link #TYPE_RAW}: the raw event select value)
 * @param samplePeriod overflow every this many events; 0 = pure counting, no overflow
 * @param sampleType PERF_SAMPLE_* bits (what a sample record holds in the ring buffer; jrr uses none)
 * @param readFormat PERF_FORMAT_* bits (what read(2) returns; 0 = the 8-byte count only)
 * @param flags the one-bit flags
 * @param preciseIp the 2-bit skid constraint (0..3)
 * @param wakeupEvents wake up a poller every this many overflows
 * @param bpType HW_BREAKPOINT_* for {@link #TYPE_BREAKPOINT}
 * @param config1 {@code bp_addr} for breakpoints, else the config extension
 * @param config2 {@code bp_len} for breakpoints, else the second config extension
 * @param sigData what a {@link PerfFlag#SIGTRAP} signal carries in {@code si_perf_data}
 */
public record PerfEventAttr(int type, long config, long samplePeriod, long sampleType, long readFormat,
        Set<PerfFlag> flags, int preciseIp, int wakeupEvents, int bpType, long config1, long config2, long sigData) {

    /** PERF_ATTR_SIZE_VER7. */
    public static final int SIZE = 128;

    public static final int TYPE_HARDWARE = 0;
    public static final int TYPE_SOFTWARE = 1;
    public static final int TYPE_TRACEPOINT = 2;
    public static final int TYPE_HW_CACHE = 3;
    public static final int TYPE_RAW = 4;
    public static final int TYPE_BREAKPOINT = 5;

    /** PERF_COUNT_SW_*: configs of {@link #TYPE_SOFTWARE}. */
    public static final long SW_CPU_CLOCK = 0;
    public static final long SW_TASK_CLOCK = 1;
    public static final long SW_PAGE_FAULTS = 2;
    public static final long SW_CONTEXT_SWITCHES = 3;
    public static final long SW_DUMMY = 9;

    // Byte offsets in the struct (x86-64 and every other 64-bit Linux: the layout has no padding).
    static final int OFF_TYPE = 0;
    static final int OFF_SIZE = 4;
    static final int OFF_CONFIG = 8;
    static final int OFF_SAMPLE_PERIOD = 16;
    static final int OFF_SAMPLE_TYPE = 24;
    static final int OFF_READ_FORMAT = 32;
    static final int OFF_FLAGS = 40;
    static final int OFF_WAKEUP_EVENTS = 48;
    static final int OFF_BP_TYPE = 52;
    static final int OFF_CONFIG1 = 56;
    static final int OFF_CONFIG2 = 64;
    static final int OFF_SIG_DATA = 120;
    static final int PRECISE_IP_SHIFT = 15;

    public PerfEventAttr {
        // An ordered, immutable copy: stable toString, and callers cannot change a value they gave away.
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        if (preciseIp < 0 || preciseIp > 3) {
            throw new IllegalArgumentException("precise_ip is 2 bits: " + preciseIp);
        }
        if (samplePeriod < 0) {
            // The kernel rejects periods with bit 63 set (EINVAL); catch it here with a clearer message.
            throw new IllegalArgumentException("sample_period must be 0..2^63-1: " + samplePeriod);
        }
    }

    /** A counting event with no flags set. */
    public static PerfEventAttr of(int type, long config) {
        return new PerfEventAttr(type, config, 0, 0, 0, Set.of(), 0, 0, 0, 0, 0, 0);
    }

    public PerfEventAttr withSamplePeriod(long period) {
        return new PerfEventAttr(type, config, period, sampleType, readFormat, flags, preciseIp, wakeupEvents,
                bpType, config1, config2, sigData);
    }

    /** This attr with {@code more} flags set as well. */
    public PerfEventAttr with(PerfFlag... more) {
        EnumSet<PerfFlag> all = EnumSet.noneOf(PerfFlag.class);
        all.addAll(flags);
        Collections.addAll(all, more);
        return new PerfEventAttr(type, config, samplePeriod, sampleType, readFormat, all, preciseIp, wakeupEvents,
                bpType, config1, config2, sigData);
    }

    public PerfEventAttr withPreciseIp(int precise) {
        return new PerfEventAttr(type, config, samplePeriod, sampleType, readFormat, flags, precise, wakeupEvents,
                bpType, config1, config2, sigData);
    }

    public PerfEventAttr withWakeupEvents(int n) {
        return new PerfEventAttr(type, config, samplePeriod, sampleType, readFormat, flags, preciseIp, n, bpType,
                config1, config2, sigData);
    }

    /** A hardware breakpoint: {@code bp_type} HW_BREAKPOINT_* at {@code addr}, {@code len} bytes. */
    public PerfEventAttr withBreakpoint(int bpType, long addr, long len) {
        return new PerfEventAttr(type, config, samplePeriod, sampleType, readFormat, flags, preciseIp, wakeupEvents,
                bpType, addr, len, sigData);
    }

    public PerfEventAttr withSigData(long data) {
        return new PerfEventAttr(type, config, samplePeriod, sampleType, readFormat, flags, preciseIp, wakeupEvents,
                bpType, config1, config2, data);
    }

    public boolean has(PerfFlag flag) {
        return flags.contains(flag);
    }

    /** The flags word at offset 40, precise_ip included. */
    public long flagsWord() {
        long word = (long) preciseIp << PRECISE_IP_SHIFT;
        for (PerfFlag f : flags) {
            word |= f.mask();
        }
        return word;
    }

    /** The {@link #SIZE} bytes of the struct, little-endian as on every architecture jrr runs on. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(OFF_TYPE, type);
        b.putInt(OFF_SIZE, SIZE);
        b.putLong(OFF_CONFIG, config);
        b.putLong(OFF_SAMPLE_PERIOD, samplePeriod);
        b.putLong(OFF_SAMPLE_TYPE, sampleType);
        b.putLong(OFF_READ_FORMAT, readFormat);
        b.putLong(OFF_FLAGS, flagsWord());
        b.putInt(OFF_WAKEUP_EVENTS, wakeupEvents);
        b.putInt(OFF_BP_TYPE, bpType);
        b.putLong(OFF_CONFIG1, config1);
        b.putLong(OFF_CONFIG2, config2);
        b.putLong(OFF_SIG_DATA, sigData);
        return b.array();
    }

    @Override
    public String toString() {
        return "perf_event_attr{type " + type + ", config 0x" + Long.toHexString(config) + ", period " + samplePeriod
                + ", flags " + flags + (preciseIp != 0 ? ", precise_ip " + preciseIp : "") + "}";
    }
}
