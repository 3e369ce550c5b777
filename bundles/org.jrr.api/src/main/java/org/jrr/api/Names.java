package org.jrr.api;

/** Service property names shared by providers and consumers. */
public final class Names {
    /** Names an implementation of a replaceable part: {@code none}, {@code perf}, {@code binary}, ... */
    public static final String NAME = "jrr.name";
    /** On a {@link org.jrr.api.syscall.SyscallHandler}: the syscall it handles, e.g. {@code read}. */
    public static final String SYSCALL = "jrr.syscall";

    private Names() {
    }
}
