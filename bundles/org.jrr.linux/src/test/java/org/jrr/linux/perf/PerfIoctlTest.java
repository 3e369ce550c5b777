package org.jrr.linux.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PerfIoctlTest {
    /** The values of the macros in linux/perf_event.h, printed by a C program. */
    @Test
    void requestNumbersMatchTheHeader() {
        assertEquals(0x2400, PerfIoctl.ENABLE);
        assertEquals(0x2401, PerfIoctl.DISABLE);
        assertEquals(0x2403, PerfIoctl.RESET);
        assertEquals(0x40082404L, PerfIoctl.PERIOD);
    }

    @Test
    void syscallNumbers() {
        assertEquals(298, PerfEvents.syscallNumber("amd64"));
        assertEquals(241, PerfEvents.syscallNumber("aarch64"));
        assertThrows(UnsupportedOperationException.class, () -> PerfEvents.syscallNumber("riscv64"));
    }
}
