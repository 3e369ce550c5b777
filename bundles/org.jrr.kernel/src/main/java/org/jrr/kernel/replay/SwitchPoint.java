package org.jrr.kernel.replay;

import java.io.IOException;
import org.jrr.api.arch.Registers;
import org.jrr.api.trace.SchedEvent;
import org.jrr.kernel.sched.MemoryDigest;
import org.jrr.kernel.task.Task;
import org.jrr.linux.WaitStatus;

/**
 * Runs a task to a point recorded without ticks: a breakpoint on the recorded ip, and at each hit the registers
 * and then the memory digest are compared; the first hit matching both is the point. Syscalls are not executed
 * on the way: reaching one first means the point was missed.
 */
final class SwitchPoint {
    /** Resume and trap flags: how the task was stopped, not what it computed. */
    private static final long FLAGS_IGNORED = 0x10100;
    /** How long the search may take before it is given up as a divergence. */
    private static final long GIVE_UP_NANOS = 60_000_000_000L;

    private final long event;
    private final ReplayTask t;
    private final Task task;
    private final SchedEvent point;
    private final Runner runner;
    private long mismatches;
    private long lastMismatch;
    private Registers previous;
    private int repeatChecks;
    private long previousDigest;

    SwitchPoint(long event, ReplayTask t, SchedEvent point, Runner runner) {
        this.event = event;
        this.t = t;
        this.task = t.task;
        this.point = point;
        this.runner = runner;
    }

    void reach() throws IOException {
        if (matches(task.regs())) {
            return; // stopped right there already
        }
        long ip = point.regs().ip();
        long hits = 0;
        long deadline = System.nanoTime() + GIVE_UP_NANOS;
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new Divergence(event, "task " + task.tid() + " did not reach the recorded switch point at 0x"
                        + Long.toHexString(ip) + " (a best-effort point) in " + hits + " visits");
            }
            // syscalls are emulated on the way, so making one means the point was missed
            WaitStatus st = runner.runTo(t, event, ip);
            if (st != null) {
                throw new Divergence(event, "task " + task.tid() + " passed the recorded switch point at 0x"
                        + Long.toHexString(ip) + " (a best-effort point, named by registers and memory) after "
                        + hits + " visits without matching it" + (st.syscallStop() ? ": it made a syscall" : ""));
            }
            Registers r = task.regs();
            hits++;
            if (matches(r)) {
                return;
            }
            checkProgress(r);
        }
    }

    /**
     * A visit with the registers and memory of an earlier one: the task runs in a circle that cannot reach the
     * point (the recording's memory changed here in a way replay does not reproduce). Checked for the first
     * few repeats only, since each check digests the memory.
     */
    private void checkProgress(Registers r) throws Divergence {
        if (r.equals(previous) && repeatChecks < 16) {
            repeatChecks++;
            long digest = MemoryDigest.of(task, point.ranges());
            if (repeatChecks > 1 && digest == previousDigest) {
                throw new Divergence(event, "task " + task.tid() + " loops without reaching the recorded switch"
                        + " point at 0x" + Long.toHexString(point.regs().ip()) + " (a best-effort point): the"
                        + " recording saw this loop end");
            }
            previousDigest = digest;
        }
        previous = r;
    }

    /** The registers of a recorded point, but for how the task was stopped (the resume and trap flags). */
    static boolean sameRegisters(Registers want, Registers r) {
        for (int i = 0; i < Registers.COUNT; i++) {
            long a = want.get(i), b = r.get(i);
            if (i == Registers.EFLAGS ? ((a ^ b) & ~FLAGS_IGNORED) != 0 : a != b) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(Registers r) {
        Registers want = point.regs();
        if (!sameRegisters(want, r)) {
            return false;
        }
        long digest = MemoryDigest.of(task, point.ranges());
        if (digest == point.digest()) {
            return true;
        }
        if (mismatches++ > 0 && digest == lastMismatch) {
            // the same registers and memory again: the task loops without changing anything, so it never will
            throw new Divergence(event, "task " + task.tid() + " loops at the recorded switch point at 0x"
                    + Long.toHexString(want.ip()) + " with memory unlike the recording's (a best-effort point)");
        }
        lastMismatch = digest;
        return false;
    }
}
