package org.jrr.hpc.perf.skid;

/**
 * How to get an interrupt no later than a target some ticks ahead, given that a PMU overflow interrupt arrives up
 * to {@code skid} ticks after the overflow. Replay must stop before an asynchronous event's tick count and then
 * creep up to it; stopping after it would be too late to deliver the event.
 */
public sealed interface InterruptPlan {
    /**
     * Program an overflow after {@code period} ticks: the interrupt lands between {@code period} and
     * {@code period + skid} ticks from now, which is at or before the target.
     */
    record Arm(long period) implements InterruptPlan {
        public Arm {
            if (period <= 0) {
                throw new IllegalArgumentException("a period is at least 1 tick: " + period);
            }
        }
    }

    /**
     * The target is only {@code distance} (1..skid) ticks ahead: any overflow might be reported past it, so no
     * interrupt can be armed; the caller gets there another way (single steps, a breakpoint).
     */
    record WithinSkid(long distance) implements InterruptPlan {
    }

    /** Nothing left to run. */
    record AtTarget() implements InterruptPlan {
    }

    /** The plan to stop at or before a target {@code ticksAhead} ticks from now. */
    static InterruptPlan toReach(long ticksAhead, long skid) {
        if (ticksAhead < 0) {
            throw new IllegalArgumentException("the target is behind: " + ticksAhead + " ticks ahead");
        }
        if (skid < 0) {
            throw new IllegalArgumentException("negative skid " + skid);
        }
        if (ticksAhead == 0) {
            return new AtTarget();
        }
        // The overflow must come at least one tick from now (a period of 0 is no period), so "exactly the skid"
        // is already too close: the interrupt could land anywhere in [1, 1 + skid], one past the target.
        return ticksAhead <= skid ? new WithinSkid(ticksAhead) : new Arm(ticksAhead - skid);
    }
}
