package org.jrr.syscalls;

import static org.jrr.syscalls.Calls.EFAULT;
import static org.jrr.syscalls.Calls.EINTR;
import static org.jrr.syscalls.Calls.ENOENT;
import static org.jrr.syscalls.Calls.call;
import static org.jrr.syscalls.Calls.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.syscall.WordStore;
import org.jrr.syscalls.spec.SyscallSpec;
import org.junit.jupiter.api.Test;

/** The memory each kind of out-parameter covers, on x86_64. */
class OutputsTest {
    private static final TestMemory EMPTY = new TestMemory();

    private static List<MemRange> outputs(String name, SyscallCall call) throws IOException {
        return outputs(name, call, EMPTY);
    }

    private static List<MemRange> outputs(String name, SyscallCall call, TestMemory memory) throws IOException {
        return spec(name).outputs(call, memory);
    }

    private static MemRange r(long address, long length) {
        return new MemRange(address, length);
    }

    @Test
    void readIsLimitedByTheResult() throws IOException {
        assertEquals(List.of(r(0x1000, 10)), outputs("read", call(10, 3, 0x1000, 4096)));
        assertEquals(List.of(r(0x1000, 7)), outputs("pread64", call(7, 3, 0x1000, 4096, 0)));
        assertEquals(List.of(), outputs("read", call(0, 3, 0x1000, 4096)), "EOF writes nothing");
    }

    @Test
    void readNeverExceedsTheBufferItWasGiven() throws IOException {
        // a size_t count of SIZE_MAX is larger than any result: unsigned comparison
        assertEquals(List.of(r(0x1000, 5)), outputs("read", call(5, 3, 0x1000, -1L)));
        assertEquals(List.of(r(0x1000, 64)), outputs("recvfrom", call(1500, 3, 0x1000, 64, 0x20, 0, 0)),
                "MSG_TRUNC: the result is the real length, the buffer only holds len");
    }

    @Test
    void readvFillsIovecsInOrderUpToTheResult() throws IOException {
        TestMemory m = new TestMemory().putIovecs(0x500, 0x1000, 5, 0x2000, 10, 0x3000, 20);
        assertEquals(List.of(r(0x1000, 5), r(0x2000, 7)), outputs("readv", call(12, 3, 0x500, 3), m));
        assertEquals(List.of(r(0x1000, 5), r(0x2000, 10), r(0x3000, 20)),
                outputs("preadv", call(35, 3, 0x500, 3, 0, 0), m));
        assertEquals(List.of(r(0x1000, 5)), outputs("preadv2", call(5, 3, 0x500, 3, 0, 0, 0), m));
    }

    @Test
    void readvSkipsEmptyIovecs() throws IOException {
        TestMemory m = new TestMemory().putIovecs(0x500, 0x1000, 0, 0, 0, 0x3000, 20);
        assertEquals(List.of(r(0x3000, 4)), outputs("readv", call(4, 3, 0x500, 3), m));
    }

    @Test
    void recvmsgCoversTheMsghdrNameControlAndIovUpToTheResult() throws IOException {
        TestMemory m = msghdr(0x5000, 0x6000, 16, 0x7000, 2, 0xa000, 24)
                .putIovecs(0x7000, 0x8000, 4, 0x9000, 100);
        assertEquals(List.of(r(0x5000, 56), r(0x6000, 16), r(0xa000, 24), r(0x8000, 4), r(0x9000, 6)),
                outputs("recvmsg", call(10, 3, 0x5000, 0), m));
    }

    @Test
    void recvmsgWithoutNameOrControl() throws IOException {
        TestMemory m = msghdr(0x5000, 0, 0, 0x7000, 1, 0, 0).putIovecs(0x7000, 0x8000, 64);
        assertEquals(List.of(r(0x5000, 56), r(0x8000, 3)), outputs("recvmsg", call(3, 3, 0x5000, 0), m));
    }

    @Test
    void recvmmsgCoversEachReceivedMessage() throws IOException {
        // two mmsghdr entries (64 bytes each: msghdr + msg_len), the call received one message of 5 bytes
        TestMemory m = msghdr(0x5000, 0, 0, 0x7000, 1, 0, 0).putInt(0x5000 + 56, 5)
                .putIovecs(0x7000, 0x8000, 64);
        assertEquals(List.of(r(0x5000, 64), r(0x8000, 5)), outputs("recvmmsg", call(1, 3, 0x5000, 2, 0, 0), m));
    }

    /** A 56-byte x86_64 msghdr as the kernel left it. */
    private static TestMemory msghdr(long at, long name, int nameLen, long iov, long iovLen, long control,
            long controlLen) {
        return new TestMemory().putLong(at, name).putLong(at + 8, nameLen).putLong(at + 16, iov)
                .putLong(at + 24, iovLen).putLong(at + 32, control).putLong(at + 40, controlLen)
                .putLong(at + 48, 0);
    }

    @Test
    void statIsAFixed144ByteStruct() throws IOException {
        assertEquals(List.of(r(0x7ff0, 144)), outputs("stat", call(0, 0x400, 0x7ff0)));
        assertEquals(List.of(r(0x7ff0, 144)), outputs("fstat", call(0, 3, 0x7ff0)));
        assertEquals(List.of(r(0x7ff0, 144)), outputs("newfstatat", call(0, -100, 0x400, 0x7ff0, 0)));
        assertEquals(List.of(r(0x7ff0, 256)), outputs("statx", call(0, -100, 0x400, 0, 0x7ff, 0x7ff0)));
        assertEquals(List.of(r(0x7ff0, 120)), outputs("fstatfs", call(0, 3, 0x7ff0)));
    }

    @Test
    void failedCallsHaveNoOutputs() throws IOException {
        assertEquals(List.of(), outputs("stat", call(-ENOENT, 0x400, 0x7ff0)));
        assertEquals(List.of(), outputs("read", call(-EFAULT, 3, 0x1000, 4096)));
        assertEquals(List.of(), outputs("nanosleep", call(-EFAULT, 0x100, 0x200)));
    }

    @Test
    void noStandardSpecRecordsAnythingForAFailedCall() throws IOException {
        // pointers everywhere, nothing readable: a handler that looked at memory would throw
        SyscallCall failed = call(-EFAULT, 0x1000, 0x2000, 0x3000, 0x4000, 0x5000, 0x6000);
        for (SyscallSpec spec : StandardSpecs.all()) {
            assertEquals(List.of(), spec.outputs(failed, EMPTY), spec.name());
        }
    }

    @Test
    void nullPointersAreSkipped() throws IOException {
        assertEquals(List.of(), outputs("clock_getres", call(0, 1, 0)));
        assertEquals(List.of(r(0x100, 16)), outputs("gettimeofday", call(0, 0x100, 0)));
        assertEquals(List.of(r(0x200, 8)), outputs("gettimeofday", call(0, 0, 0x200)));
        assertEquals(List.of(), outputs("time", call(1_700_000_000L, 0)));
        assertEquals(List.of(r(0x100, 8)), outputs("time", call(1_700_000_000L, 0x100)));
        assertEquals(List.of(), outputs("rt_sigaction", call(0, 2, 0x100, 0, 8)));
        assertEquals(List.of(r(0x200, 32)), outputs("rt_sigaction", call(0, 2, 0x100, 0x200, 8)));
        assertEquals(List.of(), outputs("rt_sigprocmask", call(0, 0, 0x100, 0, 8)));
        assertEquals(List.of(r(0x200, 8)), outputs("rt_sigprocmask", call(0, 0, 0x100, 0x200, 8)));
        assertEquals(List.of(), outputs("sendfile", call(10, 1, 3, 0, 10)));
        assertEquals(List.of(r(0x300, 4)), outputs("getcpu", call(0, 0, 0x300, 0)));
        assertEquals(List.of(r(0x300, 4)), outputs("wait4", call(1234, -1, 0x300, 0, 0)));
        assertEquals(List.of(r(0x300, 4), r(0x400, 144)), outputs("wait4", call(1234, -1, 0x300, 0, 0x400)));
    }

    @Test
    void sleepsRecordTheRemainingTimeWhenInterrupted() throws IOException {
        assertEquals(List.of(r(0x200, 16)), outputs("nanosleep", call(-EINTR, 0x100, 0x200)));
        assertEquals(List.of(r(0x200, 16)), outputs("nanosleep", call(-516, 0x100, 0x200)),
                "ERESTART_RESTARTBLOCK, as seen at syscall exit");
        assertEquals(List.of(), outputs("nanosleep", call(-EINTR, 0x100, 0)));
        assertEquals(List.of(r(0x200, 16)), outputs("clock_nanosleep", call(-EINTR, 1, 0, 0x100, 0x200)));
    }

    @Test
    void arraysAreCountTimesElementSize() throws IOException {
        assertEquals(List.of(r(0x100, 24)), outputs("poll", call(1, 0x100, 3, -1)));
        assertEquals(List.of(r(0x100, 8)), outputs("pipe2", call(0, 0x100, 0)));
        assertEquals(List.of(r(0x100, 8)), outputs("socketpair", call(0, 1, 1, 0, 0x100)));
        assertEquals(List.of(r(0x100, 24)), outputs("epoll_wait", call(2, 5, 0x100, 64, -1)));
        assertEquals(List.of(), outputs("epoll_wait", call(0, 5, 0x100, 64, 0)), "timed out: no events");
        assertEquals(List.of(r(0x100, 12)), outputs("getgroups", call(3, 10, 0x100)));
        assertEquals(List.of(), outputs("getgroups", call(3, 0, 0x100)), "size 0 only counts");
        assertEquals(List.of(r(0x100, 3)), outputs("mincore", call(0, 0x7000, 8193, 0x100)));
    }

    @Test
    void selectRecordsThreeFdSetsOfWholeLongsAndTheTimeout() throws IOException {
        // nfds 65 needs two 64-bit words per set
        assertEquals(List.of(r(0x100, 16), r(0x200, 16), r(0x300, 16), r(0x400, 16)),
                outputs("select", call(1, 65, 0x100, 0x200, 0x300, 0x400)));
        assertEquals(List.of(r(0x100, 8)), outputs("select", call(1, 4, 0x100, 0, 0, 0)));
        assertEquals(List.of(r(0x100, 8), r(0x400, 16)), outputs("pselect6", call(0, 64, 0x100, 0, 0, 0x400, 0)));
    }

    @Test
    void resultSizedBuffers() throws IOException {
        assertEquals(List.of(r(0x100, 12)), outputs("readlink", call(12, 0x400, 0x100, 4096)));
        assertEquals(List.of(r(0x100, 12)), outputs("readlinkat", call(12, -100, 0x400, 0x100, 4096)));
        assertEquals(List.of(r(0x100, 6)), outputs("getcwd", call(6, 0x100, 4096)));
        assertEquals(List.of(r(0x100, 16)), outputs("getrandom", call(16, 0x100, 16, 0)));
        assertEquals(List.of(r(0x100, 8)), outputs("sched_getaffinity", call(8, 0, 128, 0x100)));
        assertEquals(List.of(r(0x100, 40)), outputs("getdents64", call(40, 3, 0x100, 32768)));
        assertEquals(List.of(), outputs("getxattr", call(20, 0x400, 0x500, 0x100, 0)), "size 0 only asks");
        assertEquals(List.of(r(0x100, 20)), outputs("lgetxattr", call(20, 0x400, 0x500, 0x100, 255)));
    }

    @Test
    void socketAddressesFollowTheLengthWrittenBack() throws IOException {
        TestMemory m = new TestMemory().putInt(0x200, 16);
        assertEquals(List.of(r(0x200, 4), r(0x100, 16)), outputs("accept4", call(4, 3, 0x100, 0x200, 0), m));
        assertEquals(List.of(r(0x200, 4), r(0x100, 16)), outputs("getsockname", call(0, 3, 0x100, 0x200), m));
        assertEquals(List.of(), outputs("accept", call(4, 3, 0, 0)), "no address wanted");
        assertEquals(List.of(r(0x1000, 5), r(0x200, 4), r(0x100, 16)),
                outputs("recvfrom", call(5, 3, 0x1000, 64, 0, 0x100, 0x200), m));
        // a length larger than any address is capped at sockaddr_storage
        TestMemory big = new TestMemory().putInt(0x200, 100_000);
        assertEquals(List.of(r(0x200, 4), r(0x100, 128)), outputs("getpeername", call(0, 3, 0x100, 0x200), big));
    }

    @Test
    void getsockoptFollowsOptlen() throws IOException {
        TestMemory m = new TestMemory().putInt(0x200, 4);
        assertEquals(List.of(r(0x100, 4), r(0x200, 4)), outputs("getsockopt", call(0, 3, 1, 4, 0x100, 0x200), m));
    }

    @Test
    void ioctlByRequest() throws IOException {
        assertEquals(List.of(r(0x100, 36)), outputs("ioctl", call(0, 0, 0x5401, 0x100)), "TCGETS");
        assertEquals(List.of(r(0x100, 8)), outputs("ioctl", call(0, 1, 0x5413, 0x100)), "TIOCGWINSZ");
        assertEquals(List.of(r(0x100, 4)), outputs("ioctl", call(0, 0, 0x541b, 0x100)), "FIONREAD");
        assertEquals(List.of(r(0x100, 4)), outputs("ioctl", call(0, 0, 0x540f, 0x100)), "TIOCGPGRP");
        assertEquals(List.of(r(0x100, 4)), outputs("ioctl", call(0, 0, 0xdead_0000_540fL, 0x100)),
                "the request is an unsigned int");
        assertEquals(List.of(r(0x100, 44)), outputs("ioctl", call(0, 0, 0x802c542aL, 0x100)), "TCGETS2");
        assertEquals(List.of(r(0x100, 8)), outputs("ioctl", call(0, 3, 0x80081234L, 0x100)), "_IOR, 8 bytes");
        assertEquals(List.of(r(0x100, 16)), outputs("ioctl", call(0, 3, 0xc0101234L, 0x100)), "_IOWR, 16 bytes");
        assertEquals(List.of(), outputs("ioctl", call(0, 3, 0x40081234L, 0x100)), "_IOW: nothing written");
        assertEquals(List.of(), outputs("ioctl", call(0, 0, 0x5402, 0x100)), "TCSETS writes nothing");
        assertEquals(List.of(r(0x100, 40)), outputs("ioctl", call(0, 3, 0x8933, 0x100)), "SIOCGIFINDEX: an ifreq");
        assertEquals(List.of(r(0x100, 8)), outputs("ioctl", call(0, 3, 0x1260, 0x100)), "BLKGETSIZE: a long");
    }

    @Test
    void ioctlArraysFollowWhatTheKernelSaid() throws IOException {
        // SIOCGIFCONF: struct ifconf {int len; char *buf}, the length set by the kernel
        TestMemory conf = new TestMemory().putInt(0x100, 80).putLong(0x108, 0x400);
        assertEquals(List.of(r(0x100, 16), r(0x400, 80)), outputs("ioctl", call(0, 3, 0x8912, 0x100), conf));
        // FS_IOC_FIEMAP: 3 extents mapped of room for 10
        TestMemory fiemap = new TestMemory().putInt(0x100 + 20, 3).putInt(0x100 + 24, 10);
        assertEquals(List.of(r(0x100, 32 + 3 * 56)), outputs("ioctl", call(0, 3, 0xc020660bL, 0x100), fiemap));
    }

    @Test
    void unknownRequestsOfUnencodedFamiliesAreRefused() {
        SyscallSpec ioctl = spec("ioctl");
        assertEquals(25, ioctl.refusal(call(-38, 3, 0x5499, 0x100)).errno(), "a terminal request jrr does not know");
        assertEquals(25, ioctl.refusal(call(-38, 3, 0x89f0, 0x100)).errno(), "a private socket request");
        assertEquals(null, ioctl.refusal(call(-38, 3, 0x5402, 0x100)), "TCSETS: known to write nothing");
        assertEquals(null, ioctl.refusal(call(-38, 3, 0x5401, 0x100)), "TCGETS: known");
        assertEquals(null, ioctl.refusal(call(-38, 3, 0x80081234L, 0x100)), "encoded: its size says");
        assertEquals(null, ioctl.refusal(call(-38, 3, 0xae01, 0)), "_IO of another family: no pointer");
        assertEquals(null, spec("read").refusal(call(-38, 3, 0x100, 10)));
    }

    @Test
    void systemVControlCallsFillWhatTheCommandAsks() throws IOException {
        assertEquals(List.of(r(0x100, 120)), outputs("msgctl", call(0, 5, 2, 0x100)), "IPC_STAT");
        assertEquals(List.of(r(0x100, 120)), outputs("msgctl", call(0, 5, 2 | 0x100, 0x100)), "IPC_STAT | IPC_64");
        assertEquals(List.of(r(0x100, 32)), outputs("msgctl", call(0, 5, 12, 0x100)), "MSG_INFO");
        assertEquals(List.of(), outputs("msgctl", call(0, 5, 0, 0x100)), "IPC_RMID");
        assertEquals(List.of(r(0x100, 104)), outputs("semctl", call(0, 5, 0, 2, 0x100)), "IPC_STAT");
        assertEquals(List.of(), outputs("semctl", call(0, 5, 0, 16, 0x100)), "SETVAL");
        assertEquals(List.of(r(0x200, 64)), outputs("mq_getsetattr", call(0, 3, 0, 0x200)));
    }

    @Test
    void ptraceRequestsWriteWhatTheyRead() throws IOException {
        assertEquals(List.of(r(0x300, 8)), outputs("ptrace", call(0, 2, 77, 0x1000, 0x300)), "PEEKDATA");
        assertEquals(List.of(r(0x300, 216)), outputs("ptrace", call(0, 12, 77, 0, 0x300)), "GETREGS");
        assertEquals(List.of(r(0x300, 128)), outputs("ptrace", call(0, 0x4202, 77, 0, 0x300)), "GETSIGINFO");
        TestMemory iov = new TestMemory().putLong(0x300, 0x500).putLong(0x308, 512);
        assertEquals(List.of(r(0x300, 16), r(0x500, 512)), outputs("ptrace", call(0, 0x4204, 77, 1, 0x300), iov),
                "GETREGSET");
        assertEquals(List.of(), outputs("ptrace", call(0, 7, 77, 0, 0)), "CONT writes nothing");
        assertEquals(38, spec("ptrace").refusal(call(-38, 0, 0, 0, 0)).errno(), "not emulated yet");
    }

    @Test
    void fileHandlesAreAsLongAsTheKernelSays() throws IOException {
        TestMemory m = new TestMemory().putInt(0x100, 12);
        assertEquals(List.of(r(0x100, 20), r(0x300, 4)), outputs("name_to_handle_at", call(0, -100, 0x50, 0x100,
                0x300, 0), m));
        assertEquals(List.of(r(0x100, 4)), outputs("name_to_handle_at", call(-75, -100, 0x50, 0x100, 0x300, 0), m),
                "EOVERFLOW: the size it needs");
    }

    @Test
    void fcntlByCommand() throws IOException {
        assertEquals(List.of(r(0x100, 32)), outputs("fcntl", call(0, 3, 5, 0x100)), "F_GETLK");
        assertEquals(List.of(r(0x100, 32)), outputs("fcntl", call(0, 3, 36, 0x100)), "F_OFD_GETLK");
        assertEquals(List.of(), outputs("fcntl", call(0, 3, 6, 0x100)), "F_SETLK");
    }

    @Test
    void processKnobs() throws IOException {
        assertEquals(List.of(r(0x100, 8)), outputs("arch_prctl", call(0, 0x1003, 0x100)), "ARCH_GET_FS");
        assertEquals(List.of(), outputs("arch_prctl", call(0, 0x1002, 0x7f00_0000_0000L)), "ARCH_SET_FS");
        assertEquals(List.of(r(0x100, 16)), outputs("prctl", call(0, 16, 0x100)), "PR_GET_NAME");
        assertEquals(List.of(), outputs("prctl", call(0, 15, 0x100)), "PR_SET_NAME");
        assertEquals(List.of(r(0x100, 16)), outputs("prlimit64", call(0, 0, 7, 0, 0x100)));
        assertEquals(List.of(r(0x100, 390)), outputs("uname", call(0, 0x100)));
        assertEquals(List.of(r(0x100, 128), r(0x200, 144)), outputs("waitid", call(0, 0, 0, 0x100, 4, 0x200)));
        assertEquals(List.of(r(0x100, 4)), outputs("futex", call(1, 0x300, 5 | 128, 1, 0, 0x100, 0)),
                "FUTEX_WAKE_OP_PRIVATE writes the second word");
        assertEquals(List.of(), outputs("futex", call(0, 0x300, 0 | 128, 1, 0, 0, 0)), "FUTEX_WAIT_PRIVATE");
    }

    @Test
    void piFutexWordsStayInPlaceAndABlockedLockSetsTheWaitersBit() throws IOException {
        SyscallCall lock = call(-38, 0x300, 6 | 128, 0, 0, 0, 0); // FUTEX_LOCK_PI_PRIVATE, at its entry
        assertEquals(List.of(r(0x300, 4)), outputs("futex", call(0, 0x300, 6 | 128, 0, 0, 0, 0)),
                "the owner word is recorded at the exit");
        assertEquals(List.of(), spec("futex").outPointers(lock),
                "but never pointed at scratch: the kernel locks the word itself, while others run");
        TestMemory owned = new TestMemory().putInt(0x300, 1234);
        assertEquals(List.of(new WordStore(0x300, 1234 | 0x80000000)), spec("futex").storesWhenBlocked(lock, owned));
        assertEquals(List.of(), spec("futex").storesWhenBlocked(lock, new TestMemory().putInt(0x300, 0)),
                "a free lock is taken without sleeping");
        assertEquals(List.of(), spec("futex").storesWhenBlocked(call(-38, 0x300, 0 | 128, 1, 0, 0, 0), EMPTY),
                "FUTEX_WAIT stores nothing (and reads nothing)");
        assertEquals(List.of(), spec("read").storesWhenBlocked(call(-38, 3, 0x100, 10), EMPTY));
    }

    @Test
    void capgetFollowsTheHeaderVersion() throws IOException {
        TestMemory v3 = new TestMemory().putInt(0x100, 0x20080522);
        TestMemory v1 = new TestMemory().putInt(0x100, 0x19980330);
        assertEquals(List.of(r(0x100, 4), r(0x200, 24)), outputs("capget", call(0, 0x100, 0x200), v3));
        assertEquals(List.of(r(0x100, 4), r(0x200, 12)), outputs("capget", call(0, 0x100, 0x200), v1));
        assertEquals(List.of(r(0x100, 4)), outputs("capget", call(0, 0x100, 0), v3), "a probe: the version");
        assertEquals(List.of(r(0x100, 4)), outputs("capget", call(-22, 0x100, 0x200), v3),
                "refused: the version the kernel wants");
    }

    @Test
    void mappingCallsHaveNoMemoryOutputs() throws IOException {
        for (String name : List.of("mmap", "munmap", "mprotect", "mremap", "brk", "madvise", "execve", "exit",
                "exit_group")) {
            assertEquals(List.of(), outputs(name, call(0x7f00_0000_0000L, 0x1000, 0x2000, 3, 0x22, -1, 0)), name);
        }
    }

    @Test
    void anArchWithoutLayoutsIsReportedOnlyWhenALayoutIsNeeded() throws IOException {
        SyscallCall i386Stat = new SyscallCall("i386", 106, new long[] {0x400, 0x7ff0, 0, 0, 0, 0}, 0);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> spec("stat").outputs(i386Stat, EMPTY));
        assertTrue(e.getMessage().contains("i386"), e.getMessage());
        SyscallCall i386Getpid = new SyscallCall("i386", 20, new long[6], 42);
        assertEquals(List.of(), spec("getpid").outputs(i386Getpid, EMPTY));
        SyscallCall i386Write = new SyscallCall("i386", 4, new long[] {1, 0x100, 5, 0, 0, 0}, 5);
        assertTrue(spec("write").output(i386Write, EMPTY).isPresent());
    }
}
