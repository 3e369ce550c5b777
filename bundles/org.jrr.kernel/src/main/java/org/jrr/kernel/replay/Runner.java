package org.jrr.kernel.replay;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.ToLongBiFunction;
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
 * <p>Under a debugger, every place where the task stands still before running an instruction (where a run
 * starts, a breakpoint trap, a single step) is shown to the debugger ({@link Debugger#poised}), which may stop
 * the replay there; the run then goes on to the stop the caller expects. The same run visits the same places in
 * the same order in every replay, whatever the debugger's breakpoints and steps: that is how positions inside a
 * stretch of user code are counted without a tick counter.
 */
final class Runner {
    private static final long SAMPLE_NANOS = 500_000_000L;
    private static final int SIGTRAP = 5;
    /** si_code of a single-step trap. */
    private static final int TRAP_TRACE = 2;
    private static final long TRAP_FLAG = 0x100;
    private static final byte[] INT3 = {(byte) 0xcc};

    private record State(Registers regs, long digest) {
    }

    /** An int3 the runner planted to reach an address; {@code original} null when the debugger keeps it. */
    private record Planted(long address, byte[] original) {
    }

    private final Linux linux;
    private final Debugger debugger;
    private final boolean watched;
    /** Where a syscall stop is one that replay makes for real and runs on from (0: nowhere), and how it makes it. */
    private final long executedIp;
    private final ToLongBiFunction<Task, Registers> execute;

    Runner(Linux linux, Debugger debugger, long executedIp, ToLongBiFunction<Task, Registers> execute) {
        this.linux = linux;
        this.debugger = debugger;
        this.watched = debugger != Debugger.NONE;
        this.executedIp = executedIp;
        this.execute = execute;
    }

    /** Runs {@code t} to its next stop that is not the debugger's. */
    WaitStatus run(ReplayTask t, long event) {
        return runTo(t, event, 0);
    }

    /**
     * Runs {@code t} until it arrives at {@code target} (0: nowhere), and returns null there, or until its next
     * stop that is not the debugger's, which is returned. A task standing at {@code target} leaves it first.
     */
    WaitStatus runTo(ReplayTask t, long event, long target) {
        Task task = t.task;
        Planted planted = target != 0 ? plant(t, event, target) : null;
        try {
            Debugger.Arrival how = Debugger.Arrival.START;
            while (true) {
                // the autopilot has no breakpoints: no register read on this path, taken for every syscall
                long pc = watched || target != 0 ? task.regs().ip() : 0;
                // after a watchpoint's trap the task runs on as if nothing had stopped it: no new place to show,
                // and an int3 where it stands is run into, as it would have been
                boolean passing = how == null;
                if (watched && !passing) {
                    debugger.poised(t, pc, how);
                }
                if (!passing && how != Debugger.Arrival.START && pc == target) {
                    return null;
                }
                boolean theirs = !passing && watched && pc != 0 && debugger.breakpointAt(t, pc);
                boolean mine = !passing && target != 0 && pc == target && planted.original() != null;
                boolean step = theirs || mine || watched && debugger.stepping(t);
                if (theirs) {
                    debugger.lift(t, pc);
                } else if (mine) {
                    write(task, pc, planted.original());
                }
                task.resume(step ? Ptrace.SYSEMU_SINGLESTEP : Ptrace.SYSEMU, 0);
                WaitStatus st;
                try {
                    st = await(t, task, event);
                } finally {
                    if (theirs) {
                        debugger.lower(t, pc);
                    } else if (mine) {
                        write(task, pc, INT3);
                    }
                }
                if (st.stopped() && st.syscallStop() && step) {
                    clearTrapFlag(task);
                }
                if (st.stopped() && st.syscallStop() && executedIp != 0) {
                    Registers r = task.regs();
                    if (r.ip() == executedIp) {
                        // the syscall buffer's call that replay makes too (madvise): made, and the run goes on
                        task.setRegs(r.with(Registers.RAX, execute.applyAsLong(task, r)));
                        how = step ? Debugger.Arrival.STEP : null;
                        continue;
                    }
                }
                if (!st.stopped() || st.syscallStop() || st.ptraceEvent() != 0 || st.stopSignal() != SIGTRAP) {
                    return st;
                }
                int code = Siginfo.parse(task.siginfo()).code();
                long at = task.regs().ip() - 1;
                if (code == Siginfo.SI_KERNEL && (target != 0 && at == target || watched && debugger.breakpointAt(t, at))) {
                    task.setRegs(task.regs().with(Registers.RIP, at));
                    how = Debugger.Arrival.TRAP;
                    continue;
                }
                long fired = watched ? debugger.watchStatus(t) : 0;
                if (fired != 0) {
                    debugger.watched(t, fired);
                }
                if (code == TRAP_TRACE && (step || watched && debugger.stepping(t))) {
                    how = Debugger.Arrival.STEP;
                    continue;
                }
                if (fired != 0) {
                    how = null; // see passing
                    continue;
                }
                return st; // the program's own trap
            }
        } finally {
            if (planted != null) {
                unplant(t, planted);
            }
        }
    }

    /**
     * A syscall instruction run by a single step saves the trap flag in r11 with the other flags, where the
     * program would see it after the syscall, and where the recording had no such flag.
     */
    private static void clearTrapFlag(Task task) {
        Registers r = task.regs();
        long r11 = r.get(Registers.R11);
        if ((r11 & TRAP_FLAG) != 0) {
            task.setRegs(r.with(Registers.R11, r11 & ~TRAP_FLAG));
        }
    }

    private Planted plant(ReplayTask t, long event, long address) {
        if (watched && debugger.plant(t, address)) {
            return new Planted(address, null);
        }
        try {
            byte[] original = t.task.memory().read(address, 1);
            t.task.memory().write(address, INT3);
            return new Planted(address, original);
        } catch (IOException e) {
            throw new Divergence(event, "cannot set a breakpoint at 0x" + Long.toHexString(address) + " in " + t + ": "
                    + e.getMessage());
        }
    }

    private void unplant(ReplayTask t, Planted p) {
        if (p.original() == null) {
            debugger.unplant(t, p.address());
        } else {
            write(t.task, p.address(), p.original());
        }
    }

    private static void write(Task task, long address, byte[] b) {
        try {
            task.memory().write(address, b);
        } catch (IOException | RuntimeException e) {
            // unmapped meanwhile: nothing to restore
        }
    }

    /**
     * Runs the one instruction at {@code t}'s ip with any debugger breakpoint there lifted; returns the stop.
     */
    WaitStatus stepOver(ReplayTask t) {
        long pc = t.task.regs().ip();
        boolean lifted = watched && debugger.breakpointAt(t, pc);
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
            if (watched && debugger.interruptRequested()) {
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
            task.resume(watched && debugger.stepping(t) ? Ptrace.SYSEMU_SINGLESTEP : Ptrace.SYSEMU, 0);
        }
    }
}
