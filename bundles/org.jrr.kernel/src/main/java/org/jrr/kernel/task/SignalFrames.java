package org.jrr.kernel.task;

import java.util.ArrayList;
import java.util.List;
import org.jrr.api.arch.Registers;
import org.jrr.api.trace.MemWrite;
import org.jrr.linux.Ptrace;
import org.jrr.linux.WaitStatus;

/**
 * Entering a signal handler under control: the signal is injected with a single step, so the task stops on the
 * handler's first instruction with the kernel's frame built and none of the handler run.
 */
public final class SignalFrames {
    /**
     * Bytes recorded from the stack pointer up at handler entry: the x86-64 rt_sigframe (return address,
     * ucontext, siginfo) plus the XSAVE area the kernel saves with it, with room to spare.
     */
    public static final int FRAME_BYTES = 1152 + 128 + 11008 + 64;

    private SignalFrames() {
    }

    /**
     * Injects {@code sig} into {@code task}, stopped at its signal-delivery stop, and waits until the handler is
     * entered. Returns the stop that follows (normally the single-step trap; possibly another signal's
     * delivery stop, or the task's end).
     */
    public static WaitStatus enterHandler(Task task, int sig) {
        task.resume(Ptrace.SINGLESTEP, sig);
        return task.waitStop();
    }

    /** The frame the kernel wrote, read at the handler's first instruction. */
    public static List<MemWrite> frame(Task task, Registers atHandler) {
        byte[] b = new byte[FRAME_BYTES];
        List<MemWrite> out = new ArrayList<>();
        try {
            int n = task.memory().readPartial(atHandler.sp(), b);
            if (n > 0) {
                out.add(new MemWrite(atHandler.sp(), n == b.length ? b : java.util.Arrays.copyOf(b, n)));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the signal frame of task " + task.tid(), e);
        }
        return out;
    }
}
