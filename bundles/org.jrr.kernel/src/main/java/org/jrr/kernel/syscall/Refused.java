package org.jrr.kernel.syscall;

import java.util.Set;

/** Syscalls the recorder answers itself. */
public final class Refused {
    /**
     * Made to fail with ENOSYS, so libc does without them: rseq lets the kernel write the current CPU into
     * tracee memory at any moment, which cannot be replayed; clone3 passes its arguments in a struct, and libc
     * falls back to clone, which the recorder knows.
     */
    private static final Set<String> REFUSED = Set.of("rseq", "clone3");

    private Refused() {
    }

    public static boolean refuse(String name) {
        return REFUSED.contains(name);
    }

    public static boolean isExit(String name) {
        return name.equals("exit") || name.equals("exit_group");
    }
}
