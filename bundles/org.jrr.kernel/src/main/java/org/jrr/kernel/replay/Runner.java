package org.jrr.kernel.replay;

import java.util.HashSet;
import java.util.Set;
import org.jrr.api.arch.Registers;
import org.jrr.kernel.sched.MemoryDigest;
import org.jrr.kernel.task.Task;
import org.jrr.linux.Linux;
import org.jrr.linux.Ptrace;
import org.jrr.linux.WaitStatus;

/**
 * Runs a replayed task to its next stop, watching that it can get there. In replay only that task runs and
 * nothing else writes its memory, so a task found twice in the same state (registers and writable memory) is
 * in a loop it cannot leave: a replay that diverged into a spin on memory. That is reported instead of waiting
 * forever. A task making progress, however slowly, is waited for.
 */
final class Runner {
    private static final long SAMPLE_NANOS = 500_000_000L;

    private record State(Registers regs, long digest) {
    }

    private Runner() {
    }

    /** PTRACE_SYSEMU from where {@code task} stands; returns the stop it reaches. */
    static WaitStatus sysemu(Linux linux, Task task, long event) {
        task.resume(Ptrace.SYSEMU, 0);
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
            Registers regs = task.regs();
            long d = MemoryDigest.capture(task, new long[0]).value();
            if (!seen.add(new State(regs, d))) {
                throw new Divergence(event, "task " + task.tid() + " runs in a loop at ip 0x"
                        + Long.toHexString(regs.ip()) + " that changes nothing and so never ends; the recording"
                        + " left it (replay diverged earlier, without a visible difference)");
            }
            task.resume(Ptrace.SYSEMU, 0);
        }
    }
}
