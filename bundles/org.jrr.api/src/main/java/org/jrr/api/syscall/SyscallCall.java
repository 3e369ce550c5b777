package org.jrr.api.syscall;

/**
 * One syscall as a handler sees it at exit.
 *
 * @param arch   the ABI name ({@code x86_64}, {@code i386})
 * @param number the syscall number in that ABI
 * @param args   the six arguments, as at entry
 * @param result the value returned (negative errno on failure)
 */
public record SyscallCall(String arch, int number, long[] args, long result) {
    public SyscallCall {
        args = args.clone();
    }

    public long arg(int i) {
        return args[i];
    }

    public boolean failed() {
        return result < 0 && result > -4096;
    }
}
