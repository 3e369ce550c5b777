package org.jrr.kernel.record;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jrr.api.arch.Arch;
import org.jrr.api.arch.Registers;
import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.OutPointer;
import org.jrr.api.trace.MemWrite;
import org.jrr.kernel.task.RemoteSyscalls;
import org.jrr.kernel.task.Task;

/**
 * Scratch memory for the out-parameters of syscalls that may block while other tasks of the same address space
 * run. The kernel writes into scratch instead of the program's buffers; at the syscall exit, when the recorder
 * handles it, the data is copied to the buffers and recorded there. So the program's memory changes at the
 * recorded exit, where replay writes it, and not at some moment during another task's turn.
 */
final class ScratchMemory {
    static final long SIZE = 1 << 20;
    private static final int SYS_MMAP = 9;
    private static final int PROT_READ_WRITE = 3, MAP_PRIVATE_ANONYMOUS = 0x22;

    /** An argument pointed at scratch for the current syscall. */
    record Redirect(int arg, long original, long scratch, long length) {
        boolean holds(long address) {
            return address >= scratch && address < scratch + length;
        }
    }

    private ScratchMemory() {
    }

    /**
     * Maps a scratch area into {@code task}, stopped at a syscall exit, using the {@code syscall} instruction at
     * {@code syscallInsn} (the one that just ran); returns its address, or 0 if that failed.
     */
    static long allocate(Task task, long syscallInsn) {
        try (RemoteSyscalls remote = RemoteSyscalls.at(task, syscallInsn)) {
            long r = remote.call(SYS_MMAP, 0, SIZE, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0);
            return r < 0 && r > -4096 ? 0 : r;
        }
    }

    /**
     * At a syscall entry: points the out-parameters at scratch, with their current contents copied there (the
     * kernel may read them too: poll's array, a socket address length), and sets the task's registers. Returns
     * the redirects made; none when the parameters do not fit.
     */
    static List<Redirect> redirect(Task task, long scratch, Arch arch, Registers entry, List<OutPointer> pointers)
            throws IOException {
        long total = 0;
        for (OutPointer p : pointers) {
            total += align(p.maxLength());
        }
        if (pointers.isEmpty() || total > SIZE) {
            return List.of();
        }
        List<Redirect> out = new ArrayList<>();
        Registers regs = entry;
        long at = scratch;
        for (OutPointer p : pointers) {
            long original = arch.syscallArg(entry, p.arg());
            byte[] contents = new byte[(int) p.maxLength()];
            int n = Math.max(0, task.memory().readPartial(original, contents));
            task.memory().write(at, n == contents.length ? contents : Arrays.copyOf(contents, n));
            out.add(new Redirect(p.arg(), original, at, p.maxLength()));
            regs = arch.withSyscallArg(regs, p.arg(), at);
            at += align(p.maxLength());
        }
        task.setRegs(regs);
        return out;
    }

    /** The exit registers with the program's own pointers back in the arguments. */
    static Registers restore(Arch arch, Registers exit, List<Redirect> redirects) {
        Registers regs = exit;
        for (Redirect r : redirects) {
            regs = arch.withSyscallArg(regs, r.arg(), r.original());
        }
        return regs;
    }

    /**
     * At the syscall exit: copies what the kernel wrote ({@code ranges}, as the kernel saw the arguments) from
     * scratch to the program's buffers, and returns the writes at the program's addresses. Ranges outside scratch
     * were written in place and are read there.
     */
    static List<MemWrite> copyBack(Task task, List<MemRange> ranges, List<Redirect> redirects, int maxOutput)
            throws IOException {
        List<MemWrite> writes = new ArrayList<>();
        for (MemRange range : ranges) {
            Redirect r = redirects.stream().filter(x -> x.holds(range.address())).findFirst().orElse(null);
            long length = Math.min(range.length(), maxOutput);
            if (r != null) {
                length = Math.min(length, r.scratch() + r.length() - range.address());
            }
            if (length <= 0) {
                continue;
            }
            byte[] data = new byte[(int) length];
            int n = Math.max(0, task.memory().readPartial(range.address(), data));
            if (n == 0) {
                continue;
            }
            byte[] got = n == data.length ? data : Arrays.copyOf(data, n);
            long target = r == null ? range.address() : r.original() + (range.address() - r.scratch());
            if (r != null) {
                task.memory().write(target, got);
            }
            writes.add(new MemWrite(target, got));
        }
        return writes;
    }

    private static long align(long n) {
        return (n + 15) & ~15L;
    }
}
