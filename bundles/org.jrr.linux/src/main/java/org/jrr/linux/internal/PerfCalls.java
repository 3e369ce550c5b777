package org.jrr.linux.internal;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The libc calls behind {@link org.jrr.linux.perf.PerfEvents}. Kept apart from {@link LibC} so that perf support
 * can grow without touching the ptrace bindings. Internal to this bundle.
 */
public interface PerfCalls {
    /** syscall(2) with three integer arguments (pidfd_open, pidfd_getfd). */
    long syscall(long number, long a, long b, long c);

    /** syscall(2) with the five arguments of perf_event_open; glibc has no wrapper for it. */
    @SaveError
    long syscall(long number, @In byte[] attr, long pid, long cpu, long groupFd, long flags);

    @SaveError
    int ioctl(int fd, long request, long arg);

    /** For ioctls that take a pointer to a u64 (PERF_EVENT_IOC_PERIOD). */
    @SaveError
    int ioctl(int fd, long request, @In long[] arg);

    @SaveError
    long read(int fd, @Out long[] buf, long count);

    @SaveError
    int fcntl(int fd, int cmd, long arg);

    /** For F_SETOWN_EX / F_GETOWN_EX: {@code struct f_owner_ex} is two ints, copied both ways. */
    @SaveError
    int fcntl(int fd, int cmd, int[] ownerEx);

    @SaveError
    int close(int fd);

    String strerror(int errno);
}
