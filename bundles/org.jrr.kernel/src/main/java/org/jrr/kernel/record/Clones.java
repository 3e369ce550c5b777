package org.jrr.kernel.record;

import java.util.ArrayList;
import java.util.List;
import org.jrr.api.arch.Arch;
import org.jrr.api.arch.Registers;
import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.trace.CloneEvent;

/**
 * The syscalls that create tasks, as the recorder sees them. They are the kernel's business rather than a
 * handler's: replay must create a task for each. clone3 is refused (see Refused), so libc uses clone.
 */
final class Clones {
    private static final long SIGCHLD = 17;

    private Clones() {
    }

    static boolean creates(String syscall) {
        return syscall.equals("clone") || syscall.equals("fork") || syscall.equals("vfork");
    }

    /** The clone frame for a new task {@code child}, from the creator's registers at syscall entry. */
    static CloneEvent event(String syscall, Registers entry, int child, Arch arch) {
        int nr = (int) entry.origAx();
        return switch (syscall) {
            case "fork" -> new CloneEvent(nr, entry, child, SIGCHLD, 0, 0, 0);
            case "vfork" -> new CloneEvent(nr, entry, child, CloneEvent.CLONE_VM | CloneEvent.CLONE_VFORK | SIGCHLD,
                    0, 0, 0);
            default -> {
                // x86-64 order: clone(flags, stack, parent_tid, child_tid, tls)
                long flags = arch.syscallArg(entry, 0);
                long ctid = (flags & (CloneEvent.CLONE_CHILD_SETTID | CloneEvent.CLONE_CHILD_CLEARTID)) != 0
                        ? arch.syscallArg(entry, 3) : 0;
                yield new CloneEvent(nr, entry, child, flags, arch.syscallArg(entry, 1), arch.syscallArg(entry, 4),
                        ctid);
            }
        };
    }

    /** What the kernel wrote into the creator's memory: the child's tid (PARENT_SETTID) or a pidfd (PIDFD). */
    static List<MemRange> parentOutputs(String syscall, SyscallCall call) {
        List<MemRange> out = new ArrayList<>();
        if (syscall.equals("clone") && !call.failed()
                && (call.arg(0) & (CloneEvent.CLONE_PARENT_SETTID | CloneEvent.CLONE_PIDFD)) != 0) {
            out.add(new MemRange(call.arg(2), 4));
        }
        return out;
    }
}
