package org.jrr.api.trace;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jrr.api.arch.Registers;

/**
 * A signal delivered to a task.
 *
 * @param signo         the signal number
 * @param siginfo       the kernel's siginfo_t (128 bytes)
 * @param regs          registers at the signal-delivery stop
 * @param deterministic true for a fault the task's own instruction caused (SIGSEGV from a bad access, ...)
 * @param handler       for a signal a handler took: how the kernel entered it; null otherwise
 */
public record SignalEvent(int signo, byte[] siginfo, Registers regs, boolean deterministic, Handler handler)
        implements Event {
    /**
     * The state the kernel set up for a handler, seen at its first instruction.
     *
     * @param regs        registers at the handler's first instruction
     * @param frame       the signal frame the kernel wrote on the stack (conservatively large)
     * @param blockedMask the blocked-signal mask while the handler runs
     */
    public record Handler(Registers regs, List<MemWrite> frame, long blockedMask) {
        public Handler {
            frame = List.copyOf(frame);
        }
    }

    public SignalEvent {
        siginfo = siginfo.clone();
    }

    public SignalEvent(int signo, byte[] siginfo, Registers regs, boolean deterministic) {
        this(signo, siginfo, regs, deterministic, null);
    }

    @Override
    public byte[] siginfo() {
        return siginfo.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignalEvent s && s.signo == signo && Arrays.equals(s.siginfo, siginfo)
                && s.regs.equals(regs) && s.deterministic == deterministic && Objects.equals(s.handler, handler);
    }

    @Override
    public int hashCode() {
        return signo * 31 + regs.hashCode();
    }

    @Override
    public String kind() {
        return "signal";
    }
}
