package org.jrr.api.trace;

import org.jrr.api.arch.Registers;

/**
 * A task was stopped in its own code, away from any syscall, so that another task could run or a signal could
 * be delivered: it had run without syscalls for a whole time slice. Without a tick counter the point is named
 * by the registers and a digest of the memory the task could write; replay stops at the first point that
 * matches both. Registers and memory can repeat, so such a point is best-effort.
 *
 * @param regs       the registers at the stop
 * @param digest     a 64-bit digest of the memory in {@code ranges}
 * @param ranges     the writable memory digested, as start and end address pairs
 * @param ticks      the task's ticks at the stop, for a provider that counts them; 0 otherwise
 * @param bestEffort true when the point is named by registers and memory only (no tick count)
 */
public record SchedEvent(Registers regs, long digest, long[] ranges, long ticks, boolean bestEffort)
        implements Event {
    public SchedEvent {
        ranges = ranges.clone();
    }

    @Override
    public long[] ranges() {
        return ranges.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchedEvent s && s.regs.equals(regs) && s.digest == digest
                && java.util.Arrays.equals(s.ranges, ranges) && s.ticks == ticks && s.bestEffort == bestEffort;
    }

    @Override
    public int hashCode() {
        return regs.hashCode() * 31 + Long.hashCode(digest);
    }

    @Override
    public String kind() {
        return "sched";
    }
}
