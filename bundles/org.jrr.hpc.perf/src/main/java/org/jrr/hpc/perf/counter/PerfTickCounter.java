package org.jrr.hpc.perf.counter;

import org.jrr.api.hpc.TickCounter;
import org.jrr.hpc.perf.skid.InterruptPlan;
import org.jrr.linux.perf.PerfEvent;
import org.jrr.linux.perf.PerfEventAttr;
import org.jrr.linux.perf.PerfEvents;

/**
 * One task's tick counter. {@link #ticks()} counts from the open; each {@link #interruptAfter} restarts the
 * hardware count (to restart the overflow period), so what was counted so far is kept in {@code base}.
 * Used by the thread that drives the task, while the task is stopped.
 */
public final class PerfTickCounter implements TickCounter {
    /** SIGSTKFLT: no program uses it, so the tracer knows an overflow from a real signal (rr does the same). */
    public static final int TIME_SLICE_SIGNAL = 16;

    private final PerfEvent event;
    private final long skid;
    private long base;
    private boolean closed;

    PerfTickCounter(PerfEvent event, long skid) {
        this.event = event;
        this.skid = skid;
    }

    /**
     * Opens the counter on task {@code tid} with overflows signalled to that task, and starts it. On failure
     * the event is closed again.
     */
    public static PerfTickCounter open(PerfEvents perf, PerfEventAttr attr, int tid, long skid) {
        PerfEvent ev = perf.open(attr, tid, -1, -1);
        try {
            ev.signalOverflowTo(tid, TIME_SLICE_SIGNAL);
            ev.enable();
            return new PerfTickCounter(ev, skid);
        } catch (RuntimeException e) {
            ev.close();
            throw e;
        }
    }

    @Override
    public long ticks() {
        return closed ? base : base + event.read();
    }

    /**
     * Arms an overflow {@code ticks - skid} ticks from now, so that the interrupt, late by up to the skid,
     * arrives at or before the target. A target within the skid arms nothing: no interrupt could be trusted to
     * come before it, and the caller has to single-step there anyway.
     */
    @Override
    public void interruptAfter(long ticks) {
        ensureOpen();
        switch (InterruptPlan.toReach(ticks, skid)) {
            case InterruptPlan.Arm(long period) -> restart(period);
            case InterruptPlan.WithinSkid w -> restart(TicksEvent.NEVER);
            case InterruptPlan.AtTarget a -> restart(TicksEvent.NEVER);
        }
    }

    /** Disarms any pending overflow. */
    public void cancelInterrupt() {
        ensureOpen();
        restart(TicksEvent.NEVER);
    }

    private void restart(long period) {
        // Disabled while reprogramming, so no branch is counted twice or lost between read and reset. The new
        // period counts from now because IOC_PERIOD restarts it; some old kernels applied it only after the next
        // overflow (rr tests for that at startup; jrr does not yet).
        event.disable();
        base += event.read();
        event.reset();
        event.setPeriod(period);
        event.enable();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("tick counter " + event + " is closed");
        }
    }

    public long skid() {
        return skid;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            base += event.read(); // ticks() stays valid after the task is gone
        } catch (RuntimeException e) {
            // The count is lost (the event failed); keep what was known.
        } finally {
            closed = true;
            event.close();
        }
    }

    @Override
    public String toString() {
        return "perf tick counter " + event;
    }
}
