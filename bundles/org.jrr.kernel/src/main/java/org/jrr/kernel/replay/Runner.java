package org.jrr.kernel.replay;

import java.util.HashSet;
import java.util.Set;
import org.jrr.api.arch.Registers;
import org.jrr.kernel.sched.MemoryDigest;
import org.jrr.kernel.task.Siginfo;
import org.jrr.kernel.task.Task;
import org.jrr.linux.Linux;
import org.jrr.linux.Ptrace;
import org.jrr.linux.WaitStatus;

/**
 * Runs a replayed task to its next stop, watching that it can get there. In replay only that task runs and
 * nothing else writes its memory, so a task found twice in the same state (registers and writable memory) is
 * in a loop it cannot leave: a replay that diverged into a spin on memory. That is reported instead of waiting
 * forever. A task making progress, however slowly, is waited for.
 *
 * <p>Under a debugger, the debugger's breakpoints and single steps are handled here, on the way: they stop the
 * replay (the {@link Debugger} call returns when the user resumes) and the run goes on to the stop the caller
 * expects.
 */
final class Runner {
    private static final long SAMPLE_NANOS = 500_000_000L;
    private static final int SIGTRAP = 5;
    /** si_code of a single-step trap. */
    private static final int TRAP_TRACE = 2;

    private record State(Registers regs, long digest) {
    }

    private final Linux linux;
    private final Debugger debugger;

    Runner(Linux linux, Debugger debugger) {
        this.linux = linux;
        this.debugger = debugger;
    }

    /** PTRACE_SYSEMU from where {@code task} stands, with no debugger; returns the stop it reaches. */
    static WaitStatus sysemu(Linux linux, Task task, long event) {
        task.resume(Ptrace.SYSEMU, 0);
        return new Runner(linux, Debugger.NONE).await(null, task, event);
    }

    /** Runs {@code t} to its next stop that is not the debugger's. */
    WaitStatus run(ReplayTask t, long event) {
        return run(t, event, 0);
    }

    /**
     * Runs {@code t} to its next stop that is not the debugger's; a trap at {@code own} (an int3 of the caller's,
     * 0 for none) is the caller's even where the debugger has a breakpoint too, and is returned as it came.
     */
    WaitStatus run(ReplayTask t, long event, long own) {
        Task task = t.task;
        while (true) {
            // the autopilot has no breakpoints: no register read on this path, taken for every syscall
            long pc = debugger == Debugger.NONE ? 0 : task.regs().ip();
            boolean over = pc != 0 && pc != own && debugger.breakpointAt(t, pc);
            boolean step = debugger.stepping(t) || over;
            if (over) {
                debugger.lift(t, pc);
            }
            task.resume(step ? Ptrace.SYSEMU_SINGLESTEP : Ptrace.SYSEMU, 0);
            WaitStatus st = await(t, task, event);
            if (over) {
                debugger.lower(t, pc);
            }
            if (!st.stopped() || st.syscallStop() || st.ptraceEvent() != 0 || st.stopSignal() != SIGTRAP) {
                return st;
            }
            int code = Siginfo.parse(task.siginfo()).code();
            Registers r = task.regs();
            long at = r.ip() - 1;
            if (code == Siginfo.SI_KERNEL && debugger.breakpointAt(t, at)) {
                task.setRegs(r.with(Registers.RIP, at));
                debugger.breakpoint(t, at);
                if (at == own) {
                    task.setRegs(task.regs().with(Registers.RIP, at + 1));
                    return st;
                }
                continue;
            }
            if ((step || debugger.stepping(t)) && code == TRAP_TRACE) {
                if (debugger.stepping(t)) {
                    debugger.stepped(t);
                }
                continue;
            }
            return st; // the caller's own trap, or the program's
        }
    }

    /**
     * Runs the one instruction at {@code t}'s ip with any debugger breakpoint there lifted (the caller's own
     * int3s are its business); returns the stop.
     */
    WaitStatus stepOver(ReplayTask t) {
        long pc = t.task.regs().ip();
        boolean lifted = debugger.breakpointAt(t, pc);
        if (lifted) {
            debugger.lift(t, pc);
        }
        try {
            t.task.resume(Ptrace.SYSEMU_SINGLESTEP, 0);
            return t.task.waitStop();
        } finally {
            if (lifted) {
                debugger.lower(t, pc);
            }
        }
    }

    /** Waits for the stop of a resumed task, sampling it for loops and for the debugger's interrupt. */
    private WaitStatus await(ReplayTask t, Task task, long event) {
        Set<State> seen = new HashSet<>(); // a loop is sampled at its few instructions in turn
        boolean interrupted = false;
        while (true) {
            WaitStatus st = linux.waitpid(task.tid(), 0, interrupted ? 0 : SAMPLE_NANOS);
            if (st.pid() == 0) {
                linux.interrupt(task.tid());
                interrupted = true;
                continue;
            }
            if (!st.stopped() || st.ptraceEvent() != Ptrace.EVENT_STOP) {
                return st; // its stop (a pending interrupt shows up, and is passed over, at a later resume)
            }
            interrupted = false;
            if (t != null && debugger.interruptRequested()) {
                debugger.interrupted(t);
                seen.clear();
            } else {
                Registers regs = task.regs();
                long d = MemoryDigest.capture(task, new long[0]).value();
                if (!seen.add(new State(regs, d))) {
                    throw new Divergence(event, "task " + task.tid() + " runs in a loop at ip 0x"
                            + Long.toHexString(regs.ip()) + " that changes nothing and so never ends; the recording"
                            + " left it (replay diverged earlier, without a visible difference)");
                }
            }
            task.resume(debugger.stepping(t) ? Ptrace.SYSEMU_SINGLESTEP : Ptrace.SYSEMU, 0);
        }
    }
}
