package org.jrr.kernel.ticks;

import org.jrr.api.hpc.HpcProvider;
import org.jrr.api.hpc.TickCounter;

/**
 * One task's ticks as the trace counts them: since the task's last exec (or its creation), so that record and
 * replay count from the same point although replay's task ran other code before (jrr's stub). Remembers
 * whether an interrupt is armed, so that the counter is reprogrammed only when that changes. Tracer thread only.
 */
public final class TaskTicks {
    /** For tasks whose counter could not be opened (gone already) and for tasks before a provider is known. */
    public static final TaskTicks NONE = new TaskTicks(null, false);

    private final TickCounter counter;
    private final boolean counts;
    private long base;
    private boolean armed;

    private TaskTicks(TickCounter counter, boolean counts) {
        this.counter = counter;
        this.counts = counts;
    }

    /** Opens {@code provider}'s counter on task {@code tid}; a task that is gone meanwhile gets {@link #NONE}. */
    public static TaskTicks open(HpcProvider provider, int tid) {
        try {
            return new TaskTicks(provider.open(tid), provider.counts());
        } catch (RuntimeException e) {
            if (!provider.counts()) {
                throw e;
            }
            // perf_event_open fails with ESRCH for a task that died before its first stop; anything else
            // on a task that lives would show up as a divergence at its first tick-named point.
            return NONE;
        }
    }

    /** Whether the ticks mean anything (the provider counts). */
    public boolean counts() {
        return counts;
    }

    /** Ticks since the last exec. */
    public long now() {
        return counter == null ? -base : counter.ticks() - base;
    }

    /** This task's count, kept still: for a stopped copy of the task that never runs (a checkpoint). */
    public TaskTicks frozen() {
        TaskTicks t = new TaskTicks(null, counts);
        t.base = -now();
        return t;
    }

    /** A counter on {@code tid}, a copy of this task, that goes on from this one's count. */
    public TaskTicks continueOn(HpcProvider provider, int tid) {
        long at = now();
        TaskTicks t = open(provider, tid);
        if (t.counter != null) {
            t.base = t.counter.ticks() - at;
        }
        return t;
    }

    /** The task has just exec'd: counting starts again from 0. */
    public void execed() {
        if (counter != null) {
            base = counter.ticks();
        }
    }

    /** Asks for an interrupt after {@code ticks} more ticks (see {@link TickCounter#interruptAfter}). */
    public void arm(long ticks) {
        if (counter != null && counts) {
            counter.interruptAfter(ticks);
            armed = true;
        }
    }

    /** Cancels an armed interrupt, if any. */
    public void disarm() {
        if (armed) {
            counter.interruptAfter(0);
            armed = false;
        }
    }

    public boolean armed() {
        return armed;
    }

    public void close() {
        if (counter != null) {
            counter.close();
        }
    }
}
