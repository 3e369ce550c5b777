package org.jrr.syscalls;

import java.util.Arrays;

import org.jrr.api.syscall.SyscallCall;
import org.jrr.syscalls.spec.SyscallSpec;

/** Builds x86_64 calls and finds specs by name, for the tests. */
final class Calls {
    static final long EBADF = 9;
    static final long EINTR = 4;
    static final long ENOENT = 2;
    static final long EFAULT = 14;

    private Calls() {
    }

    static SyscallCall call(long result, long... args) {
        return new SyscallCall("x86_64", -1, Arrays.copyOf(args, 6), result);
    }

    static SyscallSpec spec(String name) {
        return StandardSpecs.all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no standard spec for " + name));
    }
}
