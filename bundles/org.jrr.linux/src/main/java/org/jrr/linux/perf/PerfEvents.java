package org.jrr.linux.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import org.jrr.linux.LinuxException;
import org.jrr.linux.internal.PerfCalls;
import org.osgi.service.component.annotations.Component;

/**
 * perf_event_open(2) and the calls made on its file descriptors. Any thread may use it; an event opened on
 * another task needs ptrace-level access to it (a tracer has that).
 */
@Component(service = PerfEvents.class)
public final class PerfEvents {
    /** PERF_FLAG_FD_CLOEXEC: tracees are spawned by jrr and must not inherit its counters. */
    public static final long FLAG_FD_CLOEXEC = 1L << 3;
    /** The sysctl that limits unprivileged perf use. */
    public static final Path PARANOID = Path.of("/proc/sys/kernel/perf_event_paranoid");

    private static final long SYS_PIDFD_OPEN = 434, SYS_PIDFD_GETFD = 438; // the same on x86-64 and arm64
    private static final long PIDFD_THREAD = 0x80; // O_EXCL
    private final PerfCalls calls;
    private final Runtime runtime;
    private final long perfEventOpen;

    public PerfEvents() {
        this.perfEventOpen = syscallNumber(System.getProperty("os.arch"));
        this.calls = LibraryLoader.create(PerfCalls.class).failImmediately().load("c");
        this.runtime = Runtime.getRuntime(calls);
    }

    /** perf_event_open's number: there is no libc wrapper, so it goes through syscall(2). */
    public static long syscallNumber(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> 298;
            case "aarch64", "arm64" -> 241;
            case "x86", "i386", "i686" -> 336;
            default -> throw new UnsupportedOperationException("perf_event_open on " + osArch + " is not supported");
        };
    }

    /**
     * Opens an event on task {@code pid} (0: the calling thread) on any CPU ({@code cpu} -1) or one CPU, alone or
     * in the group of {@code groupFd} (-1: alone). Close-on-exec.
     *
     * @throws LinuxException with the errno: ENOENT/EOPNOTSUPP/ENODEV for an event this machine cannot count,
     *         EACCES/EPERM for one perf_event_paranoid forbids, EINVAL for an attr the kernel rejects
     */
    public PerfEvent open(PerfEventAttr attr, int pid, int cpu, int groupFd) {
        String what = "perf_event_open " + attr + " on " + (pid == 0 ? "the calling thread" : "task " + pid)
                + (cpu >= 0 ? " cpu " + cpu : "");
        long fd = calls.syscall(perfEventOpen, attr.encode(), pid, cpu, groupFd, FLAG_FD_CLOEXEC);
        if (fd < 0) {
            throw fail(what);
        }
        return new PerfEvent(this, (int) fd, attr.toString());
    }

    /**
     * The perf event task {@code pid} opened as its descriptor {@code fd}, duplicated into jrr (pidfd_getfd, which
     * a tracer may use): jrr can then enable and disable the tracee's own counter.
     */
    public PerfEvent borrow(int pid, int fd) {
        String what = "pidfd_getfd of fd " + fd + " of task " + pid;
        long pidfd = calls.syscall(SYS_PIDFD_OPEN, pid, PIDFD_THREAD, 0); // pid may be any thread (Linux 6.9)
        if (pidfd < 0) {
            pidfd = calls.syscall(SYS_PIDFD_OPEN, pid, 0, 0);
        }
        if (pidfd < 0) {
            throw fail(what);
        }
        try {
            long mine = calls.syscall(SYS_PIDFD_GETFD, pidfd, fd, 0);
            if (mine < 0) {
                throw fail(what);
            }
            return new PerfEvent(this, (int) mine, "task " + pid + "'s perf fd " + fd);
        } finally {
            calls.close((int) pidfd);
        }
    }

    /**
     * kernel.perf_event_paranoid: -1 allows everything, 2 (the usual default) allows user-space-only counting of
     * one's own tasks, 3 and above (some distributions) forbid perf to unprivileged users. Empty when the file
     * is missing, i.e. the kernel has no perf events at all.
     */
    public static OptionalInt paranoid(Path file) {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    public String strerror(int errno) {
        return calls.strerror(errno);
    }

    private LinuxException fail(String what) {
        int e = runtime.getLastError();
        return new LinuxException(what, e, calls.strerror(e));
    }

    void ioctl(int fd, long request, long arg, String what) {
        if (calls.ioctl(fd, request, arg) != 0) {
            throw fail(what + " on perf fd " + fd);
        }
    }

    void ioctlPointer(int fd, long request, long value, String what) {
        if (calls.ioctl(fd, request, new long[] {value}) != 0) {
            throw fail(what + " " + value + " on perf fd " + fd);
        }
    }

    long readCount(int fd, String what) {
        long[] count = new long[1];
        long n = calls.read(fd, count, Long.BYTES);
        if (n < 0) {
            throw fail("read " + what);
        }
        if (n != Long.BYTES) {
            // A pinned event the PMU could not keep goes into an error state and read(2) returns 0: the count is
            // lost, which must not pass for a count of 0.
            throw new IllegalStateException("read " + what + ": got " + n + " bytes instead of a count; the event "
                    + "lost its hardware counter (another perf user, or the NMI watchdog, took it)");
        }
        return count[0];
    }

    int fcntl(int fd, int cmd, long arg, String what) {
        int r = calls.fcntl(fd, cmd, arg);
        if (r < 0) {
            throw fail("fcntl " + what + " on perf fd " + fd);
        }
        return r;
    }

    void fcntlOwner(int fd, int cmd, int[] ownerEx, String what) {
        if (calls.fcntl(fd, cmd, ownerEx) < 0) {
            throw fail("fcntl " + what + " on perf fd " + fd);
        }
    }

    void close(int fd) {
        // Nothing useful to do if close fails: the fd is gone either way (close(2) never leaves it open on Linux).
        calls.close(fd);
    }
}
