package org.jrr.linux.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/** The libc functions jrr calls. Internal to this bundle: use {@link Linux}. */
public interface LibC {
    @SaveError
    long ptrace(long request, int pid, long addr, long data);

    @SaveError
    long ptrace(long request, int pid, long addr, @Out long[] data);

    @SaveError
    long ptrace(long request, int pid, long addr, @In Pointer data);

    @SaveError
    int waitpid(int pid, @Out int[] status, int options);

    @SaveError
    int posix_spawn(@Out int[] pid, String path, Pointer fileActions, Pointer attr, Pointer argv, Pointer envp);

    @SaveError
    int kill(int pid, int sig);

    @SaveError
    long syscall(long number, long a1, long a2, long a3);

    @SaveError
    int sched_setaffinity(int pid, long size, @In long[] mask);

    @SaveError
    int sched_getaffinity(int pid, long size, @Out long[] mask);

    @SaveError
    int memfd_create(String name, int flags);

    @SaveError
    int close(int fd);

    String strerror(int errno);
}
