package org.jrr.api.trace;

import org.jrr.api.arch.Registers;

/**
 * A task created another one (clone, fork or vfork), recorded when the new task came to exist. The creating
 * task's syscall completes in a later {@link SyscallEvent}; the new task's frames carry {@code child}.
 *
 * @param number           the syscall number in the creating task's ABI
 * @param entry            the creating task's registers at syscall entry
 * @param child            the new task's recorded thread id
 * @param flags            the effective CLONE_* flags (fork: exit signal only; vfork: CLONE_VM | CLONE_VFORK)
 * @param stack            the new task's stack pointer, 0 to share the creator's
 * @param tls              the new task's TLS base when {@code flags} has CLONE_SETTLS
 * @param childTidAddress  where CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID point in the new task, or 0
 */
public record CloneEvent(int number, Registers entry, int child, long flags, long stack, long tls,
                         long childTidAddress) implements Event {
    public static final long CLONE_VM = 0x100;
    public static final long CLONE_FS = 0x200;
    public static final long CLONE_FILES = 0x400;
    public static final long CLONE_SIGHAND = 0x800;
    public static final long CLONE_PIDFD = 0x1000;
    public static final long CLONE_PTRACE = 0x2000;
    public static final long CLONE_VFORK = 0x4000;
    public static final long CLONE_PARENT = 0x8000;
    public static final long CLONE_THREAD = 0x10000;
    public static final long CLONE_SETTLS = 0x80000;
    public static final long CLONE_PARENT_SETTID = 0x100000;
    public static final long CLONE_CHILD_CLEARTID = 0x200000;
    public static final long CLONE_UNTRACED = 0x800000;
    public static final long CLONE_CHILD_SETTID = 0x1000000;

    /** Whether the new task shares the creator's address space. */
    public boolean sharesMemory() {
        return (flags & CLONE_VM) != 0;
    }

    /** Whether the new task is a thread of the creator's process. */
    public boolean thread() {
        return (flags & CLONE_THREAD) != 0;
    }

    @Override
    public String kind() {
        return "clone";
    }
}
