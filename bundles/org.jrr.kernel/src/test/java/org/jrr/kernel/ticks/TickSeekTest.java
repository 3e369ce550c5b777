package org.jrr.kernel.ticks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The seek's skid handling on a model of a task: a loop of four instructions, one of them a conditional branch
 * (one tick), with an interrupt that lands a random number of ticks, at most the skid, after the overflow; the
 * counter is armed {@code skid} ticks early, as PerfTickCounter arms it.
 */
class TickSeekTest {
    /** The loop: 0 add, 1 load, 2 branch (a tick), 3 store; then 0 again, {@code limit} times, then 4: a syscall. */
    private static final class Model implements TickSeek.Cpu {
        final long skid;
        final long lateness; // how far past the overflow interrupts land; > skid models a CPU worse than its table
        final Random random = new Random(7);
        final long limit;
        int pc;
        long iteration;
        long ticks;
        long wantTicks;
        int wantPc;
        long wantIteration;
        int runs;
        int steps;

        Model(long skid, long lateness, long limit) {
            this.skid = skid;
            this.lateness = lateness;
            this.limit = limit;
        }

        /** The recorded point: the first visit of {@code pc} in iteration {@code it}. */
        void want(int pc, long it) {
            wantPc = pc;
            wantIteration = it;
            wantTicks = it + (pc == 3 ? 1 : 0); // each iteration's branch is at 2
        }

        boolean execute() {
            if (pc == 4) {
                return false;
            }
            if (pc == 2) {
                ticks++;
            }
            pc++;
            if (pc == 4 && ++iteration < limit) {
                pc = 0;
            }
            return true;
        }

        @Override
        public long ticks() {
            return ticks;
        }

        @Override
        public boolean atPoint() {
            return pc == wantPc && iteration == wantIteration;
        }

        @Override
        public TickSeek.Stop run(long ahead) {
            runs++;
            long overflowAt = ticks + Math.max(1, ahead - skid);
            long landAt = overflowAt + (lateness == 0 ? 0 : random.nextLong(lateness + 1));
            while (ticks < landAt) {
                if (!execute()) {
                    return new TickSeek.Stop.Elsewhere("it made a syscall");
                }
            }
            return new TickSeek.Stop.Ran();
        }

        @Override
        public TickSeek.Stop step() {
            steps++;
            return execute() ? new TickSeek.Stop.Ran() : new TickSeek.Stop.Elsewhere("it made a syscall");
        }
    }

    @Test
    void reachesEveryInstructionOfADeepIterationDespiteSkid() {
        for (int pc = 0; pc < 4; pc++) {
            Model m = new Model(100, 100, 1_000_000);
            m.want(pc, 500_000);
            var r = TickSeek.reach(m, m.wantTicks, m.skid);
            assertInstanceOf(TickSeek.Result.Reached.class, r, r.toString());
            assertEquals(pc, m.pc);
            assertEquals(500_000, m.iteration);
            assertEquals(1, m.runs, "one armed run, then steps within the skid");
            assertTrue(m.steps <= 4 * 101, "steps only within the skid: " + m.steps);
        }
    }

    @Test
    void aTargetWithinTheSkidIsSteppedTo() {
        Model m = new Model(100, 100, 1_000);
        m.want(1, 40);
        assertInstanceOf(TickSeek.Result.Reached.class, TickSeek.reach(m, m.wantTicks, m.skid));
        assertEquals(0, m.runs, "no interrupt can be trusted that close");
        assertEquals(40 * 4 + 1, m.steps);
    }

    @Test
    void aPointWhereTheTaskStandsIsReachedWithoutRunning() {
        Model m = new Model(0, 0, 10);
        m.want(0, 0);
        assertEquals(new TickSeek.Result.Reached(0), TickSeek.reach(m, 0, 0));
        assertEquals(0, m.runs + m.steps);
    }

    @Test
    void withoutSkidTheInterruptLandsOnTheCountAndOnlyRegistersAreStepped() {
        Model m = new Model(0, 0, 1_000);
        m.want(1, 700);
        assertInstanceOf(TickSeek.Result.Reached.class, TickSeek.reach(m, m.wantTicks, m.skid));
        assertEquals(1, m.runs);
        assertTrue(m.steps <= 3, "steps: " + m.steps);
    }

    @Test
    void anInterruptLaterThanTheSkidIsAMissWithTheReason() {
        Model m = new Model(10, 1_000, 1_000_000);
        m.want(1, 100_000);
        var r = TickSeek.reach(m, m.wantTicks, m.skid);
        var missed = assertInstanceOf(TickSeek.Result.Missed.class, r);
        assertTrue(missed.why().contains("later than the skid of 10"), missed.why());
    }

    @Test
    void aSyscallBeforeThePointIsAMiss() {
        Model m = new Model(50, 50, 100);
        m.want(1, 5_000); // the loop ends at iteration 100
        var missed = assertInstanceOf(TickSeek.Result.Missed.class, TickSeek.reach(m, m.wantTicks, m.skid));
        assertTrue(missed.why().startsWith("it made a syscall at tick 100"), missed.why());
    }

    @Test
    void registersThatNeverMatchAreAMissOnceTheCountIsPassed() {
        Model m = new Model(20, 20, 1_000);
        m.want(1, 300);
        m.wantIteration = 301; // the count of one iteration, the registers of the next
        var missed = assertInstanceOf(TickSeek.Result.Missed.class, TickSeek.reach(m, m.wantTicks, m.skid));
        assertTrue(missed.why().contains("past the recorded 300"), missed.why());
    }
}
