package org.jrr.api.trace;

import org.jrr.api.arch.Registers;

/**
 * A signal delivered to a task.
 *
 * @param signo         the signal number
 * @param siginfo       the kernel's siginfo_t (128 bytes)
 * @param regs          registers at the signal-delivery stop
 * @param deterministic true for a fault the task's own instruction caused (SIGSEGV from a bad access, ...)
 */
public record SignalEvent(int signo, byte[] siginfo, Registers regs, boolean deterministic) implements Event {
    public SignalEvent {
        siginfo = siginfo.clone();
    }

    @Override
    public byte[] siginfo() {
        return siginfo.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignalEvent s && s.signo == signo && java.util.Arrays.equals(s.siginfo, siginfo)
                && s.regs.equals(regs) && s.deterministic == deterministic;
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
