package org.jrr.kernel.task;

import org.jrr.api.arch.Arch;
import org.jrr.api.arch.Registers;
import org.jrr.api.syscall.SyscallCall;

/** A syscall as handlers see it, read from the registers of a syscall stop. */
public final class SyscallArgs {
    private SyscallArgs() {
    }

    /** The six argument registers of {@code regs}. */
    public static long[] of(Arch arch, Registers regs) {
        long[] args = new long[6];
        for (int i = 0; i < 6; i++) {
            args[i] = arch.syscallArg(regs, i);
        }
        return args;
    }

    /** Syscall {@code number} with the arguments in {@code regs} and {@code result}. */
    public static SyscallCall call(Arch arch, int number, Registers regs, long result) {
        return new SyscallCall(arch.name(), number, of(arch, regs), result);
    }
}
