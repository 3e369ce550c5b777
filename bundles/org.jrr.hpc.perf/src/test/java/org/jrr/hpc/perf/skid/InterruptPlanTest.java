package org.jrr.hpc.perf.skid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InterruptPlanTest {
    private static final long INTEL = 100;
    private static final long ZEN = 10_000;

    @Test
    void farTargetArmsTheSkidEarly() {
        assertEquals(new InterruptPlan.Arm(999_900), InterruptPlan.toReach(1_000_000, INTEL));
        assertEquals(new InterruptPlan.Arm(990_000), InterruptPlan.toReach(1_000_000, ZEN));
    }

    @Test
    void theLatestInterruptStillLandsOnTheTarget() {
        for (long ahead : new long[] {101, 102, 5_000, 1L << 40}) {
            var arm = (InterruptPlan.Arm) InterruptPlan.toReach(ahead, INTEL);
            assertEquals(ahead, arm.period() + INTEL, "an interrupt a full skid late arrives exactly at the target");
        }
    }

    @Test
    void oneTickBeyondTheSkidArmsAPeriodOfOne() {
        assertEquals(new InterruptPlan.Arm(1), InterruptPlan.toReach(INTEL + 1, INTEL));
    }

    @Test
    void exactlyTheSkidIsTooClose() {
        // A period of at least 1 could be reported up to 1 + skid ticks away: one past the target.
        assertEquals(new InterruptPlan.WithinSkid(INTEL), InterruptPlan.toReach(INTEL, INTEL));
    }

    @Test
    void closerThanTheSkidArmsNothing() {
        assertEquals(new InterruptPlan.WithinSkid(1), InterruptPlan.toReach(1, INTEL));
        assertEquals(new InterruptPlan.WithinSkid(99), InterruptPlan.toReach(99, INTEL));
        assertEquals(new InterruptPlan.WithinSkid(5_000), InterruptPlan.toReach(5_000, ZEN));
    }

    @Test
    void zeroAheadIsThere() {
        assertEquals(new InterruptPlan.AtTarget(), InterruptPlan.toReach(0, INTEL));
        assertEquals(new InterruptPlan.AtTarget(), InterruptPlan.toReach(0, 0));
    }

    @Test
    void zeroSkidArmsTheWholeDistance() {
        assertEquals(new InterruptPlan.Arm(1), InterruptPlan.toReach(1, 0));
        assertEquals(new InterruptPlan.Arm(Long.MAX_VALUE), InterruptPlan.toReach(Long.MAX_VALUE, 0));
    }

    @Test
    void hugeValuesDoNotOverflow() {
        assertEquals(new InterruptPlan.Arm(Long.MAX_VALUE - INTEL), InterruptPlan.toReach(Long.MAX_VALUE, INTEL));
        assertEquals(new InterruptPlan.WithinSkid(Long.MAX_VALUE), InterruptPlan.toReach(Long.MAX_VALUE,
                Long.MAX_VALUE));
        assertEquals(new InterruptPlan.Arm(1), InterruptPlan.toReach(Long.MAX_VALUE, Long.MAX_VALUE - 1));
    }

    @Test
    void nonsenseIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> InterruptPlan.toReach(-1, INTEL));
        assertThrows(IllegalArgumentException.class, () -> InterruptPlan.toReach(Long.MIN_VALUE, INTEL));
        assertThrows(IllegalArgumentException.class, () -> InterruptPlan.toReach(10, -1));
        assertThrows(IllegalArgumentException.class, () -> new InterruptPlan.Arm(0));
    }

    @Test
    void targetRemainingDistance() {
        TickTarget t = new TickTarget(1_000);
        assertEquals(1_000, t.remaining(0));
        assertEquals(1, t.remaining(999));
        assertEquals(0, t.remaining(1_000));
        assertEquals(-50, t.remaining(1_050));
        assertFalse(t.overshotBy(1_000));
        assertTrue(t.overshotBy(1_001));
        assertEquals(Long.MAX_VALUE, new TickTarget(Long.MAX_VALUE).remaining(0));
        assertEquals(-Long.MAX_VALUE, new TickTarget(0).remaining(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> new TickTarget(-1));
        assertThrows(IllegalArgumentException.class, () -> t.remaining(-1));
    }

    @Test
    void targetPlanAfterAnInterrupt() {
        TickTarget t = new TickTarget(1_000_000);
        assertEquals(new InterruptPlan.Arm(999_900), t.plan(0, INTEL));
        // The first interrupt came 60 ticks late: 40 short of the target, within the skid: step the rest.
        assertEquals(new InterruptPlan.WithinSkid(40), t.plan(999_960, INTEL));
        assertEquals(new InterruptPlan.AtTarget(), t.plan(1_000_000, INTEL));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.plan(1_000_001, INTEL));
        assertTrue(e.getMessage().contains("1 past the target"), e.getMessage());
    }
}
