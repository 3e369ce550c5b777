package org.jrr.syscalls;

import static org.jrr.syscalls.Calls.EBADF;
import static org.jrr.syscalls.Calls.EINTR;
import static org.jrr.syscalls.Calls.ENOENT;
import static org.jrr.syscalls.Calls.call;
import static org.jrr.syscalls.Calls.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.jrr.api.syscall.FdEffect;
import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.Output;
import org.jrr.api.syscall.ReplayAction;
import org.junit.jupiter.api.Test;

/** fd effects, output to fds, replay actions and blocking. */
class EffectsTest {
    private static final TestMemory EMPTY = new TestMemory();

    @Test
    void dupsReportTheNewFdAsACopy() {
        assertEquals(new FdEffect.Dup(3, 7), spec("dup").fdEffect(call(7, 3)));
        assertEquals(new FdEffect.Dup(5, 1), spec("dup2").fdEffect(call(1, 5, 1)));
        assertEquals(new FdEffect.Dup(5, 2), spec("dup3").fdEffect(call(2, 5, 2, 0x80000)));
        assertEquals(new FdEffect.Dup(1, 10), spec("fcntl").fdEffect(call(10, 1, 0, 10)), "F_DUPFD");
        assertEquals(new FdEffect.Dup(1, 10), spec("fcntl").fdEffect(call(10, 1, 1030, 10)), "F_DUPFD_CLOEXEC");
        assertEquals(FdEffect.NONE, spec("fcntl").fdEffect(call(0, 1, 2, 1)), "F_SETFD");
        assertEquals(FdEffect.NONE, spec("dup2").fdEffect(call(-EBADF, 5, 1)));
    }

    @Test
    void closeReleasesTheFdUnlessItWasNotOpen() {
        assertEquals(new FdEffect.Close(1), spec("close").fdEffect(call(0, 1)));
        assertEquals(new FdEffect.Close(1), spec("close").fdEffect(call(-EINTR, 1)), "Linux closes anyway");
        assertEquals(FdEffect.NONE, spec("close").fdEffect(call(-EBADF, 1)));
        assertEquals(new FdEffect.Close(2), spec("close_range").fdEffect(call(0, 2, 2, 0)));
        assertEquals(FdEffect.NONE, spec("close_range").fdEffect(call(0, 2, 2, 4)), "CLOSE_RANGE_CLOEXEC");
    }

    @Test
    void openingCallsReportTheNewFd() {
        for (String name : List.of("open", "openat", "openat2", "creat", "socket", "accept", "accept4",
                "epoll_create1", "eventfd2", "timerfd_create", "memfd_create", "inotify_init1")) {
            assertEquals(new FdEffect.Opened(4), spec(name).fdEffect(call(4, 0x100, 0, 0)), name);
            assertEquals(FdEffect.NONE, spec(name).fdEffect(call(-ENOENT, 0x100, 0, 0)), name);
        }
        assertEquals(FdEffect.NONE, spec("read").fdEffect(call(4, 0, 0x100, 4)));
    }

    @Test
    void writeOutputsResultBytes() throws IOException {
        assertEquals(Optional.of(new Output(1, List.of(new MemRange(0x100, 5)))),
                spec("write").output(call(5, 1, 0x100, 10), EMPTY));
        assertEquals(Optional.of(new Output(2, List.of(new MemRange(0x100, 3)))),
                spec("pwrite64").output(call(3, 2, 0x100, 3, 0), EMPTY));
        assertEquals(Optional.empty(), spec("write").output(call(-EBADF, 1, 0x100, 10), EMPTY));
        assertEquals(Optional.empty(), spec("write").output(call(0, 1, 0x100, 0), EMPTY));
        assertEquals(Optional.empty(), spec("read").output(call(5, 0, 0x100, 10), EMPTY));
        assertEquals(Optional.empty(), spec("sendto").output(call(5, 3, 0x100, 10, 0, 0, 0), EMPTY));
    }

    @Test
    void writevOutputsTheIovecsUpToTheResult() throws IOException {
        TestMemory m = new TestMemory().putIovecs(0x500, 0x1000, 5, 0x2000, 10, 0x3000, 20);
        assertEquals(Optional.of(new Output(1, List.of(new MemRange(0x1000, 5), new MemRange(0x2000, 3)))),
                spec("writev").output(call(8, 1, 0x500, 3), m));
        assertEquals(Optional.of(new Output(2, List.of(new MemRange(0x1000, 5), new MemRange(0x2000, 10),
                new MemRange(0x3000, 20)))), spec("pwritev").output(call(35, 2, 0x500, 3, 0, 0), m));
        assertEquals(Optional.empty(), spec("writev").output(call(-EINTR, 1, 0x500, 3), m));
    }

    @Test
    void replayActions() {
        assertEquals(ReplayAction.MMAP, spec("mmap").replayAction(call(0x7f00_0000_0000L, 0, 4096, 3, 0x22, -1)));
        assertEquals(ReplayAction.EMULATE, spec("mmap").replayAction(call(-12, 0, 4096, 3, 0x22, -1)));
        assertEquals(ReplayAction.MREMAP, spec("mremap").replayAction(call(0x7f00_0000_0000L, 0x1000, 1, 2, 1)));
        assertEquals(ReplayAction.BRK, spec("brk").replayAction(call(0x55_0000_0000L, 0)));
        assertEquals(ReplayAction.EXECUTE, spec("munmap").replayAction(call(0, 0x1000, 4096)));
        assertEquals(ReplayAction.EXECUTE, spec("mprotect").replayAction(call(0, 0x1000, 4096, 1)));
        assertEquals(ReplayAction.EXECUTE, spec("madvise").replayAction(call(0, 0x1000, 4096, 4)));
        assertEquals(ReplayAction.EXECVE, spec("execve").replayAction(call(0, 0x100, 0x200, 0x300)));
        assertEquals(ReplayAction.EMULATE, spec("execve").replayAction(call(-ENOENT, 0x100, 0x200, 0x300)));
        assertEquals(ReplayAction.EXIT, spec("exit_group").replayAction(call(0, 0)));
        assertEquals(ReplayAction.EXIT, spec("exit").replayAction(call(0, 0)));
        assertEquals(ReplayAction.EXECUTE, spec("arch_prctl").replayAction(call(0, 0x1002, 0x7f00_0000_0000L)));
        assertEquals(ReplayAction.EXECUTE, spec("arch_prctl").replayAction(call(0, 0x1001, 0x7f00_0000_0000L)));
        assertEquals(ReplayAction.EMULATE, spec("arch_prctl").replayAction(call(0, 0x1003, 0x100)));
        assertEquals(ReplayAction.EMULATE, spec("arch_prctl").replayAction(call(0, 0x1012, 0)));
        assertEquals(ReplayAction.EMULATE, spec("read").replayAction(call(5, 0, 0x100, 10)));
        assertEquals(ReplayAction.EMULATE, spec("rseq").replayAction(call(0, 0x100, 32, 0, 0x53053053)));
    }

    @Test
    void blockingCalls() {
        for (String name : List.of("read", "write", "readv", "writev", "poll", "ppoll", "select", "pselect6",
                "epoll_wait", "wait4", "waitid", "futex", "nanosleep", "clock_nanosleep", "pause", "accept",
                "accept4", "connect", "recvfrom", "recvmsg", "rt_sigsuspend", "rt_sigtimedwait", "flock")) {
            assertTrue(spec(name).mayBlock(), name);
        }
        for (String name : List.of("getpid", "stat", "fstat", "mmap", "brk", "close", "clock_gettime", "uname")) {
            assertFalse(spec(name).mayBlock(), name);
        }
    }
}
