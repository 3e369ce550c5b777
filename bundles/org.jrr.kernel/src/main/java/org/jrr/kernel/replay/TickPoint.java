package org.jrr.kernel.replay;

import java.util.function.Function;
import org.jrr.api.hpc.HpcProvider;
import org.jrr.api.trace.SchedEvent;
import org.jrr.kernel.ticks.TickSeek;
import org.jrr.linux.WaitStatus;

/**
 * Runs a replayed task to a switch point recorded with ticks (see {@link TickSeek}): the counter's interrupt
 * and single steps, with syscalls emulated, so reaching one first means the point was missed.
 */
final class TickPoint implements TickSeek.Cpu {
    private static final int SIGTRAP = 5;

    private final long event;
    private final ReplayTask t;
    private final SchedEvent point;
    private final int interruptSignal;
    private final Function<WaitStatus, String> describe;
    private final Runner runner;

    private TickPoint(long event, ReplayTask t, SchedEvent point, int interruptSignal,
            Function<WaitStatus, String> describe, Runner runner) {
        this.runner = runner;
        this.event = event;
        this.t = t;
        this.point = point;
        this.interruptSignal = interruptSignal;
        this.describe = describe;
    }

    /** @param describe says what a stop was, for the divergence message */
    static void reach(long event, ReplayTask t, SchedEvent point, HpcProvider hpc,
            Function<WaitStatus, String> describe, Runner runner) {
        if (!t.ticks.counts()) {
            throw new Divergence(event, "the switch point of " + t + " is named by ticks, but the '" + hpc.name()
                    + "' tick provider here does not count them");
        }
        TickSeek.Result r = TickSeek.reach(new TickPoint(event, t, point, hpc.interruptSignal(), describe, runner),
                point.ticks(), hpc.skid());
        if (r instanceof TickSeek.Result.Missed(String why)) {
            throw new Divergence(event, t + " did not reach its recorded switch point at 0x"
                    + Long.toHexString(point.regs().ip()) + ", tick " + point.ticks() + ": " + why);
        }
    }

    @Override
    public long ticks() {
        return t.ticks.now();
    }

    @Override
    public boolean atPoint() {
        return SwitchPoint.sameRegisters(point.regs(), t.task.regs());
    }

    @Override
    public TickSeek.Stop run(long ahead) {
        t.ticks.arm(ahead);
        WaitStatus st;
        try {
            st = runner.run(t, event);
        } finally {
            t.ticks.disarm();
        }
        return interrupt(st) ? new TickSeek.Stop.Ran() : new TickSeek.Stop.Elsewhere(describe.apply(st));
    }

    @Override
    public TickSeek.Stop step() {
        WaitStatus st = runner.stepOver(t);
        boolean stepped = st.stopped() && !st.syscallStop() && st.ptraceEvent() == 0
                && st.stopSignal() == SIGTRAP;
        // a counter interrupt still on its way is let go: it is jrr's, and the step is simply taken again
        return stepped || interrupt(st) ? new TickSeek.Stop.Ran() : new TickSeek.Stop.Elsewhere(describe.apply(st));
    }

    /** The counter's interrupt: jrr's, never delivered (the task is resumed with no signal). */
    private boolean interrupt(WaitStatus st) {
        return st.stopped() && !st.syscallStop() && st.ptraceEvent() == 0 && interruptSignal != 0
                && st.stopSignal() == interruptSignal;
    }
}
