package org.jrr.hpc.perf.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import org.jrr.hpc.perf.cpu.CpuSignature;
import org.jrr.hpc.perf.cpu.Detection;
import org.jrr.hpc.perf.cpu.Microarch;
import org.jrr.hpc.perf.cpu.MicroarchTable;
import org.jrr.linux.perf.PerfEventAttr;
import org.jrr.linux.perf.PerfFlag;
import org.junit.jupiter.api.Test;

class TicksEventTest {
    private static final Microarch ICE_LAKE = ((Detection.Supported) MicroarchTable.detect(
            CpuSignature.decode(CpuSignature.INTEL, 0x606a6))).microarch();

    @Test
    void taskCounterIsAPinnedUserModeSamplingEvent() {
        PerfEventAttr a = TicksEvent.forTask(4, ICE_LAKE);
        assertEquals(4, a.type());
        assertEquals(0x5111c4, a.config());
        assertEquals(Long.MAX_VALUE, a.samplePeriod(), "sampling, so PERF_EVENT_IOC_PERIOD works later");
        assertEquals(EnumSet.of(PerfFlag.DISABLED, PerfFlag.PINNED, PerfFlag.EXCLUDE_KERNEL, PerfFlag.EXCLUDE_HV,
                PerfFlag.EXCLUDE_GUEST), EnumSet.copyOf(a.flags()));
        assertEquals(0, a.preciseIp());
    }

    @Test
    void probeCounterNeverOverflows() {
        PerfEventAttr a = TicksEvent.forProbe(8, ICE_LAKE);
        assertEquals(8, a.type(), "a hybrid CPU's cpu_core type");
        assertEquals(0, a.samplePeriod());
        assertEquals(TicksEvent.forTask(8, ICE_LAKE).flags(), a.flags());
    }
}
