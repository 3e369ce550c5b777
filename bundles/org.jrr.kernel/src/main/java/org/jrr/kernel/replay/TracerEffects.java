package org.jrr.kernel.replay;

import java.util.function.Function;
import org.jrr.api.trace.PtraceEvent;
import org.jrr.kernel.task.Task;
import org.jrr.linux.WaitStatus;

/**
 * What a tracer inside the recording did to a task it traced, done again to the task: replay emulates the tracer's
 * own calls, but the tracee must stop at the fault its tracer took, get the registers it set and make the steps it
 * asked for, at the same points of its run.
 */
final class TracerEffects {
    private static final int SIGTRAP = 5;

    private TracerEffects() {
    }

    /**
     * Does {@code e} to {@code t}; {@code describe} says what an unexpected stop was. A fault is left undelivered:
     * the task stands at it (a memory fault before its instruction, as {@link FaultPoint} finds it).
     */
    static void replay(long event, ReplayTask t, PtraceEvent e, Runner runner, Function<WaitStatus, String> describe) {
        Task task = t.task;
        switch (e.action()) {
            case FAULT -> {
                if (FaultPoint.applies(e.signo())) {
                    // a memory fault taken again (its tracer let it run into it once more) finds the task there
                    if (!SwitchPoint.sameRegisters(e.regs(), task.regs())) {
                        FaultPoint.reach(event, t, e.signo(), e.regs(), runner);
                    }
                } else {
                    WaitStatus st = runner.run(t, event);
                    if (!st.stopped() || st.stopSignal() != e.signo() || st.ptraceEvent() != 0 || st.syscallStop()) {
                        throw new Divergence(event, t + ": expected fault " + e.signo() + " (taken by its tracer),"
                                + " but the program " + describe.apply(st));
                    }
                }
                Divergence.checkRegisters(event, t + ", fault " + e.signo(), e.regs(), task.regs());
            }
            case SET_REGISTERS -> task.setRegs(e.regs());
            case STEP -> {
                // SYSEMU: a syscall here would be a divergence (recorded steps over a syscall are the syscall)
                WaitStatus st = runner.stepOver(t);
                if (!st.stopped() || st.stopSignal() != SIGTRAP || st.ptraceEvent() != 0 || st.syscallStop()) {
                    throw new Divergence(event, t + ": expected a single step, but the program "
                            + describe.apply(st));
                }
                Divergence.checkRegisters(event, t + ", single step", e.regs(), task.regs());
            }
        }
    }
}
