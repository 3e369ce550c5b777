package org.jrr.api.trace;

import org.jrr.api.arch.Registers;

/**
 * A task entered a syscall that may block, and other tasks ran before it returned. The syscall's own
 * {@link SyscallEvent} follows later; this frame fixes where, among the other tasks' events, the task's code up
 * to the syscall ran.
 *
 * @param number the syscall number in the task's ABI
 * @param entry  registers at syscall entry
 */
public record SyscallEntryEvent(int number, Registers entry) implements Event {
    @Override
    public String kind() {
        return "syscall-entry";
    }
}
