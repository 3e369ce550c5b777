package org.jrr.api.arch;

import java.util.OptionalInt;

/**
 * One instruction-set ABI (service property {@code jrr.name}: {@code x86_64}, {@code i386}): syscall numbers
 * and names, and where a syscall's number, arguments and result live in {@link Registers}.
 */
public interface Arch {
    /** {@code x86_64} or {@code i386}. */
    String name();

    /** The syscall's name, or {@code syscall_<n>} when this ABI has no syscall with that number. */
    String syscallName(int number);

    /** The number of a syscall, by name; empty when this ABI has no such syscall. */
    OptionalInt syscallNumber(String name);

    /** The highest syscall number this ABI defines. */
    int maxSyscallNumber();

    /** The i-th (0-based, 0..5) syscall argument at a syscall stop. */
    long syscallArg(Registers regs, int i);

    /** The registers with the i-th syscall argument replaced. */
    Registers withSyscallArg(Registers regs, int i, long value);
}
