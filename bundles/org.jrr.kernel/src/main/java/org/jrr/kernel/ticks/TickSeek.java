package org.jrr.kernel.ticks;

/**
 * Runs a task to a point named by a tick count and the registers there, as rr does: with a counter interrupt
 * armed to land at or before the count (the counter's skid makes it land up to that many ticks early), then
 * single steps until the count is reached and the registers match. Code between two conditional branches keeps
 * the count, so several points share one; the registers tell them apart.
 *
 * <p>Written against {@link Cpu} so that the skid handling can be tested on a model without a PMU.
 */
public final class TickSeek {
    /** Single steps allowed once within the skid; far more than any skid window holds, short of a hang. */
    static final long MAX_STEPS = 20_000_000L;

    /** The task being run, as the seek needs it. */
    public interface Cpu {
        /** Its ticks now (since its last exec). */
        long ticks();

        /** Whether it stands at the recorded point's registers. */
        boolean atPoint();

        /** Runs it with an interrupt armed {@code ahead} ticks away; the stop, and whether it is that interrupt. */
        Stop run(long ahead);

        /** Runs one instruction. */
        Stop step();
    }

    /** How a run or a step ended. */
    public sealed interface Stop {
        /** Stopped by the tick interrupt, or after one instruction: the seek goes on from there. */
        record Ran() implements Stop {
        }

        /** Stopped by something the point cannot be past (a syscall, a fault, its end): the point was missed. */
        record Elsewhere(String what) implements Stop {
        }
    }

    /** The result: reached, or missed with the reason. */
    public sealed interface Result {
        record Reached(long steps) implements Result {
        }

        record Missed(String why) implements Result {
        }
    }

    private TickSeek() {
    }

    /** Runs {@code cpu} to tick {@code target} at the recorded registers; {@code skid} as the provider says. */
    public static Result reach(Cpu cpu, long target, long skid) {
        long steps = 0;
        while (true) {
            long now = cpu.ticks();
            if (now > target) {
                return new Result.Missed("it is at tick " + now + ", past the recorded " + target
                        + (steps == 0 ? " (an interrupt came later than the skid of " + skid + " allows, or the"
                                + " task ran differently before)" : ""));
            }
            long left = target - now;
            Stop stop;
            if (left > skid) {
                stop = cpu.run(left);
            } else if (left == 0 && cpu.atPoint()) {
                return new Result.Reached(steps);
            } else if (++steps > MAX_STEPS) {
                return new Result.Missed("it did not reach the recorded registers in " + MAX_STEPS
                        + " steps at ticks " + now + " of " + target);
            } else {
                stop = cpu.step();
            }
            if (stop instanceof Stop.Elsewhere(String what)) {
                return new Result.Missed(what + " at tick " + cpu.ticks() + ", before the recorded point at tick "
                        + target);
            }
        }
    }
}
