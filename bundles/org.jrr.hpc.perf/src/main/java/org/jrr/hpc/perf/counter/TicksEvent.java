package org.jrr.hpc.perf.counter;

import org.jrr.hpc.perf.cpu.Microarch;
import org.jrr.linux.perf.PerfEventAttr;
import org.jrr.linux.perf.PerfFlag;

/** The perf_event_attr of a tick counter. */
public final class TicksEvent {
    /**
     * The period that stands for "no interrupt". perf needs a sampling event (non-zero period) for
     * PERF_EVENT_IOC_PERIOD to work later, and 2^63-1 branches take decades.
     */
    public static final long NEVER = Long.MAX_VALUE;

    private TicksEvent() {
    }

    /**
     * A task's counter: opened disabled, so it starts only once its overflow signal is set up; pinned, so that
     * if the PMU cannot keep it the count fails loudly instead of being multiplexed (time-shared and scaled,
     * hence inexact); user mode only (exclude_kernel, exclude_hv), and not while running a VM guest.
     */
    public static PerfEventAttr forTask(int pmuType, Microarch m) {
        return base(pmuType, m).withSamplePeriod(NEVER).with(PerfFlag.DISABLED);
    }

    /** The startup check's counter on the calling thread: counting only (period 0), so it can never overflow. */
    public static PerfEventAttr forProbe(int pmuType, Microarch m) {
        return base(pmuType, m).with(PerfFlag.DISABLED);
    }

    private static PerfEventAttr base(int pmuType, Microarch m) {
        return PerfEventAttr.of(pmuType, m.rcbEvent()).with(PerfFlag.PINNED, PerfFlag.EXCLUDE_KERNEL,
                PerfFlag.EXCLUDE_HV, PerfFlag.EXCLUDE_GUEST);
    }
}
