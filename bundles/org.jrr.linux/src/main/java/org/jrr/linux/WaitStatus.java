package org.jrr.linux;

/** A raw wait status, decoded the way ptrace tracers need. */
public record WaitStatus(int pid, int raw) {
    public static final int SIGTRAP = 5;
    public static final int SYSCALL_TRAP = SIGTRAP | 0x80;

    public boolean exited() {
        return (raw & 0x7f) == 0;
    }

    public boolean signaled() {
        return ((raw & 0x7f) + 1) >> 1 > 0 && !stopped() && !exited();
    }

    public boolean stopped() {
        return (raw & 0xff) == 0x7f;
    }

    public int exitCode() {
        return (raw >> 8) & 0xff;
    }

    public int termSignal() {
        return raw & 0x7f;
    }

    /** For a stop: the signal number, SYSCALL_TRAP for a syscall stop. */
    public int stopSignal() {
        return (raw >> 8) & 0xff;
    }

    /** For a stop: the PTRACE_EVENT_* number, 0 if none. */
    public int ptraceEvent() {
        return (raw >> 16) & 0xff;
    }

    public boolean syscallStop() {
        return stopped() && stopSignal() == SYSCALL_TRAP && ptraceEvent() == 0;
    }

    @Override
    public String toString() {
        if (exited()) {
            return "exited(" + exitCode() + ")";
        }
        if (stopped()) {
            return "stopped(sig " + stopSignal() + ", event " + ptraceEvent() + ")";
        }
        return "killed(sig " + termSignal() + ")";
    }
}
