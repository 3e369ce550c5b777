package org.jrr.api.trace;

import java.util.List;
import org.jrr.api.arch.Registers;
import org.jrr.api.syscall.ReplayAction;

/**
 * A completed syscall.
 *
 * @param number  the syscall number in the task's ABI
 * @param entry   registers at syscall entry (replay compares them)
 * @param exit    registers at syscall exit (replay sets them)
 * @param writes  the tracee memory the kernel wrote, in order
 * @param action  how replay reproduces it
 * @param file    for a file mmap: the trace's copy of the file; otherwise null
 * @param outputDigest for a write to stdout or stderr: the CRC-32C of the bytes it wrote, which replay, printing them
 *                again from the program's memory, checks; -1 for any other call
 * @param shared  for an mmap of a file with MAP_SHARED: the file, whose emulated copy replay maps shared (its
 *                contents are the trace's copy {@code file} at its first mapping); otherwise null
 */
public record SyscallEvent(int number, Registers entry, Registers exit, List<MemWrite> writes, ReplayAction action,
                           String file, long outputDigest, FileId shared) implements Event {
    public SyscallEvent {
        writes = List.copyOf(writes);
    }

    /** A call with no output digest. */
    public SyscallEvent(int number, Registers entry, Registers exit, List<MemWrite> writes, ReplayAction action,
                        String file) {
        this(number, entry, exit, writes, action, file, -1, null);
    }

    /** A call that maps no file shared. */
    public SyscallEvent(int number, Registers entry, Registers exit, List<MemWrite> writes, ReplayAction action,
                        String file, long outputDigest) {
        this(number, entry, exit, writes, action, file, outputDigest, null);
    }

    /** The syscall's result (rax at exit). */
    public long result() {
        return exit.ax();
    }

    @Override
    public String kind() {
        return "syscall";
    }
}
