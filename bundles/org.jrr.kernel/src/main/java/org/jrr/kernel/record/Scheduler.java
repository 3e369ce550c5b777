package org.jrr.kernel.record;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses which task runs its own code next. Only one does at a time; switches happen at syscall boundaries, at
 * traps and when a task blocks. The lowest nice value wins strictly; among equals, tasks take turns in the
 * order they became ready, each keeping the CPU for a wall-clock slice or until it yields. A task interrupted
 * while spinning without syscalls lets every other ready task go first.
 */
final class Scheduler {
    static final long SLICE_NANOS = 20_000_000L;
    private final List<RecordTask> queue = new ArrayList<>();

    /** Marks {@code t} ready (it has a stop to handle or waits to be resumed). */
    void ready(RecordTask t) {
        if (!queue.contains(t)) {
            queue.add(t);
        }
    }

    void remove(RecordTask t) {
        queue.remove(t);
    }

    boolean hasReady() {
        return queue.stream().anyMatch(RecordTask::ready);
    }

    /** Takes the next task to handle, or null when none is ready. */
    RecordTask next() {
        RecordTask best = best(null);
        if (best != null) {
            queue.remove(best);
        }
        return best;
    }

    /** Whether {@code t}, about to run its own code again, should let another ready task go first. */
    boolean shouldSwitch(RecordTask t, long now) {
        RecordTask other = best(t);
        if (other == null) {
            return false;
        }
        if (t.spinning != other.spinning) {
            return t.spinning;
        }
        if (other.nice != t.nice) {
            return other.nice < t.nice;
        }
        return t.yielded || now - t.sliceStart > SLICE_NANOS;
    }

    /**
     * A task that was interrupted spinning goes after every other, whatever its priority: it may be waiting for
     * a lower-priority task, which strict priorities would otherwise starve.
     */
    private static boolean before(RecordTask a, RecordTask b) {
        if (a.spinning != b.spinning) {
            return !a.spinning;
        }
        return a.nice < b.nice;
    }

    private RecordTask best(RecordTask except) {
        queue.removeIf(t -> !t.ready());
        RecordTask best = null;
        for (RecordTask t : queue) {
            if (t != except && (best == null || before(t, best))) {
                best = t;
            }
        }
        return best;
    }
}
