package org.jrr.api.trace;

import org.jrr.api.arch.Registers;

/**
 * What a tracer inside the recording (a debugger, strace) did to a task it traces that replay must do too: the
 * tracee ran into a fault its tracer took (not delivered), had its registers set, or was single-stepped.
 *
 * @param action what happened
 * @param signo  the fault's signal for {@link Action#FAULT}, else 0
 * @param regs   the registers at the fault, the registers set, or the registers after the step
 */
public record PtraceEvent(Action action, int signo, Registers regs) implements Event {
    /** The effects on a tracee. */
    public enum Action {
        /** The task ran to a fault of its own instruction and stopped there for its tracer; it was not delivered. */
        FAULT,
        /** The tracer set the task's general registers (PTRACE_SETREGS, POKEUSER). */
        SET_REGISTERS,
        /** The tracer made the task execute one instruction (PTRACE_SINGLESTEP). */
        STEP
    }

    @Override
    public String kind() {
        return "ptrace";
    }
}
