package org.jrr.kernel.replay;

import java.io.IOException;
import org.jrr.api.arch.Registers;
import org.jrr.api.trace.SchedEvent;
import org.jrr.kernel.sched.MemoryDigest;
import org.jrr.kernel.task.Task;
import org.jrr.linux.Ptrace;
import org.jrr.linux.WaitStatus;

/**
 * Runs a task to a point recorded without ticks: a breakpoint on the recorded ip, and at each hit the registers
 * and then the memory digest are compared; the first hit matching both is the point. Syscalls are not executed
 * on the way: reaching one first means the point was missed.
 */
final class SwitchPoint {
    private static final byte[] INT3 = {(byte) 0xcc};
    private static final int SIGTRAP = 5;
    /** Resume and trap flags: how the task was stopped, not what it computed. */
    private static final long FLAGS_IGNORED = 0x10100;

    private final long event;
    private final Task task;
    private final SchedEvent point;

    SwitchPoint(long event, Task task, SchedEvent point) {
        this.event = event;
        this.task = task;
        this.point = point;
    }

    void reach() throws IOException {
        if (matches(task.regs())) {
            return; // stopped right there already
        }
        long ip = point.regs().ip();
        byte[] original = task.memory().read(ip, 1);
        long hits = 0;
        while (true) {
            task.memory().write(ip, INT3);
            task.resume(Ptrace.SYSEMU, 0);
            WaitStatus st = task.waitStop();
            task.memory().write(ip, original);
            Registers r = task.regs();
            if (!st.stopped() || st.stopSignal() != SIGTRAP || st.syscallStop() || st.ptraceEvent() != 0
                    || r.ip() != ip + 1) {
                throw new Divergence(event, "task " + task.tid() + " passed the recorded switch point at 0x"
                        + Long.toHexString(ip) + " (a best-effort point, named by registers and memory) after "
                        + hits + " visits without matching it" + (st.syscallStop() ? ": it made a syscall" : ""));
            }
            r = r.with(Registers.RIP, ip);
            task.setRegs(r);
            hits++;
            if (matches(r)) {
                return;
            }
            // step over the instruction under the breakpoint, emulating (and so refusing) a syscall
            task.resume(Ptrace.SYSEMU_SINGLESTEP, 0);
            WaitStatus step = task.waitStop();
            if (!step.stopped() || step.syscallStop() || step.stopSignal() != SIGTRAP) {
                throw new Divergence(event, "task " + task.tid() + " left the recorded switch point's loop at 0x"
                        + Long.toHexString(ip) + " without matching it");
            }
        }
    }

    private boolean matches(Registers r) {
        Registers want = point.regs();
        for (int i = 0; i < Registers.COUNT; i++) {
            long a = want.get(i), b = r.get(i);
            if (i == Registers.EFLAGS ? ((a ^ b) & ~FLAGS_IGNORED) != 0 : a != b) {
                return false;
            }
        }
        return MemoryDigest.of(task, point.ranges()) == point.digest();
    }
}
