package org.jrr.linux.perf;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open perf event: its file descriptor and what jrr does with it. Closing it twice is harmless. Not
 * thread-safe; a task's counter is used by the thread that drives the task.
 */
public final class PerfEvent implements AutoCloseable {
    /** {@code struct f_owner_ex.type} values. */
    public static final int OWNER_TID = 0;
    public static final int OWNER_PID = 1;

    /** Who gets the overflow signal: {@code F_GETOWN_EX}. */
    public record Owner(int type, int id) {
    }

    private final PerfEvents sys;
    private final int fd;
    private final String what;
    private final AtomicBoolean closed = new AtomicBoolean();

    PerfEvent(PerfEvents sys, int fd, String what) {
        this.sys = sys;
        this.fd = fd;
        this.what = what;
    }

    public int fd() {
        return fd;
    }

    public void enable() {
        sys.ioctl(fd, PerfIoctl.ENABLE, 0, "PERF_EVENT_IOC_ENABLE");
    }

    public void disable() {
        sys.ioctl(fd, PerfIoctl.DISABLE, 0, "PERF_EVENT_IOC_DISABLE");
    }

    /** Sets the count to 0. */
    public void reset() {
        sys.ioctl(fd, PerfIoctl.RESET, 0, "PERF_EVENT_IOC_RESET");
    }

    /**
     * Sets a new sample period, counted from now. Only a sampling event (opened with a non-zero period) accepts
     * it; the kernel answers EINVAL for a counting one.
     */
    public void setPeriod(long period) {
        if (period <= 0) {
            throw new IllegalArgumentException("a sample period is 1..2^63-1: " + period);
        }
        sys.ioctlPointer(fd, PerfIoctl.PERIOD, period, "PERF_EVENT_IOC_PERIOD");
    }

    /** The current count (read(2) of the default read_format: one u64). */
    public long read() {
        return sys.readCount(fd, what);
    }

    /**
     * Asks for {@code signal} to be sent to thread {@code tid} at every overflow: F_SETOWN_EX(F_OWNER_TID) so it
     * goes to that thread rather than its process, F_SETSIG so it is that signal (with si_fd) rather than SIGIO,
     * then O_ASYNC to turn it on. In this order, so no signal can go to the wrong place in between.
     */
    public void signalOverflowTo(int tid, int signal) {
        sys.fcntlOwner(fd, FcntlCmd.SETOWN_EX, new int[] {OWNER_TID, tid}, "F_SETOWN_EX");
        sys.fcntl(fd, FcntlCmd.SETSIG, signal, "F_SETSIG");
        int fl = sys.fcntl(fd, FcntlCmd.GETFL, 0, "F_GETFL");
        sys.fcntl(fd, FcntlCmd.SETFL, fl | FcntlCmd.O_ASYNC, "F_SETFL O_ASYNC");
    }

    /** The overflow signal's receiver. */
    public Owner owner() {
        int[] ex = new int[2];
        sys.fcntlOwner(fd, FcntlCmd.GETOWN_EX, ex, "F_GETOWN_EX");
        return new Owner(ex[0], ex[1]);
    }

    /** The overflow signal number (0 = SIGIO). */
    public int overflowSignal() {
        return sys.fcntl(fd, FcntlCmd.GETSIG, 0, "F_GETSIG");
    }

    /** Whether overflows send a signal at all. */
    public boolean async() {
        return (sys.fcntl(fd, FcntlCmd.GETFL, 0, "F_GETFL") & FcntlCmd.O_ASYNC) != 0;
    }

    public boolean closed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sys.close(fd);
        }
    }

    @Override
    public String toString() {
        return what + " (fd " + fd + (closed.get() ? ", closed)" : ")");
    }

    /** fcntl(2) commands and flags; the same numbers on x86-64 and aarch64. */
    static final class FcntlCmd {
        static final int GETFL = 3;
        static final int SETFL = 4;
        static final int SETSIG = 10;
        static final int GETSIG = 11;
        static final int SETOWN_EX = 15;
        static final int GETOWN_EX = 16;
        static final int O_ASYNC = 0x2000;

        private FcntlCmd() {
        }
    }
}
