package org.jrr.arch.x86;

import java.util.Objects;
import java.util.OptionalInt;

import org.jrr.api.arch.Arch;
import org.jrr.api.arch.Registers;

/**
 * What the two x86 ABIs share: a syscall table loaded from the bundle, and syscall arguments held in six
 * registers of the x86-64 {@code user_regs_struct} that {@link Registers} mirrors.
 */
abstract class X86Arch implements Arch {
    private static final int ARG_COUNT = 6;

    private final String name;
    private final SyscallTable syscalls;
    private final int[] argRegisters;
    private final long argMask;

    /**
     * @param argRegisters the {@link Registers} indexes of arguments 0..5
     * @param argMask      the bits of a register that hold an argument (all 64, or the low 32 for i386)
     */
    X86Arch(String name, String tableResource, int[] argRegisters, long argMask) {
        if (argRegisters.length != ARG_COUNT) {
            throw new IllegalArgumentException("expected " + ARG_COUNT + " argument registers");
        }
        this.name = name;
        this.syscalls = SyscallTable.load(tableResource);
        this.argRegisters = argRegisters.clone();
        this.argMask = argMask;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String syscallName(int number) {
        return syscalls.name(number);
    }

    @Override
    public final OptionalInt syscallNumber(String syscall) {
        return syscalls.number(syscall);
    }

    @Override
    public final int maxSyscallNumber() {
        return syscalls.max();
    }

    @Override
    public final long syscallArg(Registers regs, int i) {
        return regs.get(argRegisters[Objects.checkIndex(i, ARG_COUNT)]) & argMask;
    }

    @Override
    public final Registers withSyscallArg(Registers regs, int i, long value) {
        return regs.with(argRegisters[Objects.checkIndex(i, ARG_COUNT)], value & argMask);
    }

    @Override
    public String toString() {
        return "Arch[" + name + "]";
    }
}
