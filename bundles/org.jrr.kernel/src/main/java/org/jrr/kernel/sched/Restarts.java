package org.jrr.kernel.sched;

import org.jrr.api.arch.Registers;

/**
 * The kernel's restart of an interrupted syscall when no handler runs: the syscall instruction is executed
 * again (ERESTART_RESTARTBLOCK turns it into restart_syscall). Replay does to the registers what the kernel
 * did when recording.
 */
public final class Restarts {
    public static final long ERESTARTSYS = -512, ERESTARTNOINTR = -513, ERESTARTNOHAND = -514,
            ERESTART_RESTARTBLOCK = -516;
    private static final int SYS_RESTART_SYSCALL = 219;

    private Restarts() {
    }

    public static boolean isRestart(long ax) {
        return ax == ERESTARTSYS || ax == ERESTARTNOINTR || ax == ERESTARTNOHAND || ax == ERESTART_RESTARTBLOCK;
    }

    /** The registers after the kernel's restart of a syscall stopped with {@code regs}; unchanged if none. */
    public static Registers restarted(Registers regs) {
        if (regs.origAx() < 0 || !isRestart(regs.ax())) {
            return regs;
        }
        long nr = regs.ax() == ERESTART_RESTARTBLOCK ? SYS_RESTART_SYSCALL : regs.origAx();
        return regs.with(Registers.RAX, nr).with(Registers.RIP, regs.ip() - 2);
    }
}
