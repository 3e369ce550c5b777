package org.jrr.kernel.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jrr.api.arch.Registers;
import org.jrr.linux.Ptrace;
import org.jrr.linux.WaitStatus;

/**
 * Makes a stopped task run syscalls for jrr: registers are saved, ip is pointed at a {@code syscall}
 * instruction, the task is stepped through the syscall's entry and exit stops, and the registers are put back.
 * The task must be at a stop outside a syscall (a syscall-exit, signal or exec-exit stop).
 */
public final class RemoteSyscalls implements AutoCloseable {
    private static final byte[] SYSCALL_INSN = {0x0f, 0x05};
    private final Task task;
    private final Registers saved;
    private final long gadget;
    private final byte[] displaced;

    private RemoteSyscalls(Task task, long gadget, byte[] displaced) {
        this.task = task;
        this.saved = task.regs();
        this.gadget = gadget;
        this.displaced = displaced;
    }

    /** Uses a {@code syscall} instruction that is already at {@code gadget}. */
    public static RemoteSyscalls at(Task task, long gadget) {
        return new RemoteSyscalls(task, gadget, null);
    }

    /**
     * Writes a {@code syscall} instruction over the two bytes at the task's ip for the duration, and restores
     * them at {@link #close()}. Works wherever the task stopped, since ip is always in executable memory.
     */
    public static RemoteSyscalls atIp(Task task) {
        long ip = task.regs().ip();
        try {
            byte[] old = task.memory().read(ip, 2);
            task.memory().write(ip, SYSCALL_INSN);
            return new RemoteSyscalls(task, ip, old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a remote syscall in task " + task.tid(), e);
        }
    }

    /** Runs syscall {@code nr} with up to six arguments; returns rax. */
    public long call(int nr, long... args) {
        Registers r = saved.with(Registers.RIP, gadget).with(Registers.RAX, nr).with(Registers.ORIG_RAX, -1);
        int[] argRegs = {Registers.RDI, Registers.RSI, Registers.RDX, Registers.R10, Registers.R8, Registers.R9};
        for (int i = 0; i < args.length; i++) {
            r = r.with(argRegs[i], args[i]);
        }
        task.setRegs(r);
        task.resume(Ptrace.SYSCALL, 0);
        WaitStatus entry = nextStop();
        if (entry.syscallStop() && task.regs().ip() == gadget) {
            // Stopped at a PTRACE_SYSEMU entry, the task first reports the exit of the syscall the kernel
            // skipped (ip is still where we put it); the real entry comes next.
            task.resume(Ptrace.SYSCALL, 0);
            entry = nextStop();
        }
        if (!entry.syscallStop()) {
            throw new IllegalStateException("remote syscall " + nr + " in task " + task.tid()
                    + ": expected a syscall-entry stop, got " + entry);
        }
        task.resume(Ptrace.SYSCALL, 0);
        WaitStatus exit = nextStop();
        while (exit.stopped() && exit.ptraceEvent() != 0) { // exec, or the clone event of a new task
            task.resume(Ptrace.SYSCALL, 0);
            exit = nextStop();
        }
        if (!exit.syscallStop()) {
            throw new IllegalStateException("remote syscall " + nr + " in task " + task.tid()
                    + ": expected a syscall-exit stop, got " + exit);
        }
        return task.regs().ax();
    }

    /**
     * The task's next stop but for a signal's: a signal sent to the task meanwhile (its parent's SIGCONT) is kept
     * back on the task (see {@link Task#takeDeferred}) and the task resumed without it.
     */
    private WaitStatus nextStop() {
        while (true) {
            WaitStatus st = task.waitStop();
            if (!st.stopped() || st.syscallStop() || st.ptraceEvent() != 0) {
                return st;
            }
            task.defer(task.siginfo());
            task.resume(Ptrace.SYSCALL, 0);
        }
    }

    /** Like {@link #call} but a failure (-errno) is an exception naming {@code what}. */
    public long check(String what, int nr, long... args) {
        long r = call(nr, args);
        if (r < 0 && r > -4096) {
            throw new IllegalStateException(what + " failed in task " + task.tid() + ": "
                    + task.linux().strerror((int) -r));
        }
        return r;
    }

    /** The registers the task had before; they are restored at close. */
    public Registers savedRegs() {
        return saved;
    }

    @Override
    public void close() {
        task.setRegs(saved);
        if (displaced != null) {
            try {
                task.memory().write(gadget, displaced);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot restore code in task " + task.tid(), e);
            }
        }
    }
}
