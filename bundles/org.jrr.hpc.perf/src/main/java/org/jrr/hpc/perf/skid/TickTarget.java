package org.jrr.hpc.perf.skid;

/**
 * An absolute tick count to reach: what is left to run from a given count, and the interrupt to arm for it. The
 * distance is kept separate from the plan because after a skidded interrupt the rest is run by other means.
 */
public record TickTarget(long at) {
    public TickTarget {
        if (at < 0) {
            throw new IllegalArgumentException("negative tick count " + at);
        }
    }

    /** Ticks still to run from {@code now}; negative if {@code now} is already past the target (an overshoot). */
    public long remaining(long now) {
        if (now < 0) {
            throw new IllegalArgumentException("negative tick count " + now);
        }
        return at - now; // cannot overflow: both are in [0, 2^63)
    }

    public boolean overshotBy(long now) {
        return remaining(now) < 0;
    }

    /** The interrupt to arm at {@code now}; an overshoot is the caller's bug (or a skid larger than assumed). */
    public InterruptPlan plan(long now, long skid) {
        long left = remaining(now);
        if (left < 0) {
            throw new IllegalStateException("tick " + now + " is already " + -left + " past the target " + at
                    + " (an interrupt came later than the skid of " + skid + " allows)");
        }
        return InterruptPlan.toReach(left, skid);
    }
}
