package org.jrr.syscalls;

import static org.jrr.syscalls.spec.CType.INT;
import static org.jrr.syscalls.spec.CType.LONG;
import static org.jrr.syscalls.spec.CType.MMSGHDR;
import static org.jrr.syscalls.spec.CType.MQ_ATTR;
import static org.jrr.syscalls.spec.CType.MSGINFO;
import static org.jrr.syscalls.spec.CType.MSQID_DS;
import static org.jrr.syscalls.spec.CType.SEMID_DS;
import static org.jrr.syscalls.spec.CType.SEMINFO;
import static org.jrr.syscalls.spec.CType.TIMESPEC;
import static org.jrr.syscalls.spec.Dsl.array;
import static org.jrr.syscalls.spec.Dsl.buffer;
import static org.jrr.syscalls.spec.Dsl.byArg;
import static org.jrr.syscalls.spec.Dsl.bytes;
import static org.jrr.syscalls.spec.Dsl.custom;
import static org.jrr.syscalls.spec.Dsl.deref;
import static org.jrr.syscalls.spec.Dsl.mmsghdrs;
import static org.jrr.syscalls.spec.Dsl.msghdr;
import static org.jrr.syscalls.spec.Dsl.opened;
import static org.jrr.syscalls.spec.Dsl.plus;
import static org.jrr.syscalls.spec.Dsl.result;
import static org.jrr.syscalls.spec.Dsl.sizeOf;
import static org.jrr.syscalls.spec.Dsl.sockaddr;
import static org.jrr.syscalls.spec.Dsl.struct;
import static org.jrr.syscalls.spec.Dsl.syscall;
import static org.jrr.syscalls.spec.Dsl.upTo;
import static org.jrr.syscalls.spec.Dsl.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jrr.syscalls.spec.CallContext;
import org.jrr.syscalls.spec.OutParam;
import org.jrr.syscalls.spec.SyscallSpec;

/**
 * Sockets and System V / POSIX message queues and semaphores. What is sent is not re-emitted in replay: only
 * stdout and stderr writes are.
 */
final class SocketSyscalls {
    // System V IPC commands
    static final long IPC_STAT = 2;
    static final long IPC_INFO = 3;
    static final long MSG_STAT = 11;
    static final long MSG_INFO = 12;
    static final long MSG_STAT_ANY = 13;
    static final long GETALL = 13;
    static final long SEM_STAT = 18;
    static final long SEM_INFO = 19;
    static final long SEM_STAT_ANY = 20;

    private SocketSyscalls() {
    }

    /**
     * semctl GETALL: a short per semaphore of the set. The count is the set's, which the call does not say: it is
     * read from the kernel's list of sets (jrr shares the program's IPC namespace unless the program left it; then
     * the rest of the page is taken, which holds the array unless it crosses a page).
     */
    private static OutParam semaphoreValues() {
        return custom("semctl GETALL: a short per semaphore of the set", (ctx, out) -> {
            long array = ctx.call().arg(3);
            if (array == 0) {
                return;
            }
            long count = semaphores(ctx.call().arg(0));
            long length = count >= 0 ? count * 2 : ctx.abi().pageSize() - (array % ctx.abi().pageSize());
            CallContext.add(out, array, length);
        });
    }

    /** The number of semaphores in the set {@code id}, from /proc/sysvipc/sem; -1 when not listed there. */
    static long semaphores(long id) throws IOException {
        Path list = Path.of("/proc/sysvipc/sem");
        if (!Files.isReadable(list)) {
            return -1;
        }
        for (String line : Files.readAllLines(list)) {
            String[] f = line.trim().split("\\s+"); // key semid perms nsems uid gid ...
            if (f.length > 3 && f[1].equals(Long.toString(id))) {
                return Long.parseLong(f[3]);
            }
        }
        return -1;
    }

    static List<SyscallSpec> specs() {
        List<SyscallSpec> s = new ArrayList<>();
        s.add(syscall("socket").fd(opened()).build());
        s.add(syscall("socketpair").out(array(3, bytes(2), INT)).build()); // (domain, type, protocol, int sv[2])
        s.add(syscall("bind").build());
        s.add(syscall("listen").build());
        s.add(syscall("connect").mayBlock().build());
        // accept(fd, addr, socklen_t *addrlen); getsockname/getpeername(fd, addr, addrlen)
        s.add(syscall("accept").out(sockaddr(1, 2)).fd(opened()).mayBlock().build());
        s.add(syscall("accept4").out(sockaddr(1, 2)).fd(opened()).mayBlock().build());
        s.add(syscall("getsockname").out(sockaddr(1, 2)).build());
        s.add(syscall("getpeername").out(sockaddr(1, 2)).build());
        // getsockopt(fd, level, name, optval, socklen_t *optlen): *optlen is written back as the length used
        s.add(syscall("getsockopt").out(buffer(3, deref(4, INT)), struct(4, INT)).build());
        s.add(syscall("setsockopt").build());
        s.add(syscall("shutdown").build());
        s.add(syscall("sendto").mayBlock().build());
        s.add(syscall("sendmsg").mayBlock().build());
        // sendmmsg(fd, msgvec, vlen, flags): the kernel writes msg_len of each message sent
        s.add(syscall("sendmmsg").out(array(1, result(), MMSGHDR)).mayBlock().build());
        // recvfrom(fd, buf, len, flags, src_addr, addrlen): with MSG_TRUNC the result can exceed len
        s.add(syscall("recvfrom").out(buffer(1, upTo(2)), sockaddr(4, 5)).mayBlock().build());
        s.add(syscall("recvmsg").out(msghdr(1, result())).mayBlock().build());
        // recvmmsg(fd, msgvec, vlen, flags, timespec *timeout): the result is the number of messages
        s.add(syscall("recvmmsg").out(mmsghdrs(1, result()), struct(4, TIMESPEC)).mayBlock().build());

        // System V IPC: msgrcv(id, struct msgbuf *, msgsz, type, flags) fills a long mtype and result bytes
        s.add(syscall("msgget").build());
        s.add(syscall("msgsnd").mayBlock().build());
        s.add(syscall("msgrcv").out(buffer(1, plus(sizeOf(LONG), result()))).mayBlock().build());
        // msgctl(id, cmd, buf) and semctl(id, num, cmd, arg): the STAT commands fill the id's description, the INFO
        // ones the limits, GETALL an array of one short per semaphore of the set (cmd & 0xff: IPC_64 aside)
        s.add(syscall("msgctl").out(byArg(1, 0xff, List.of(),
                when(IPC_STAT, struct(2, MSQID_DS)), when(MSG_STAT, struct(2, MSQID_DS)),
                when(MSG_STAT_ANY, struct(2, MSQID_DS)),
                when(IPC_INFO, struct(2, MSGINFO)), when(MSG_INFO, struct(2, MSGINFO)))).build());
        s.add(syscall("semget").build());
        s.add(syscall("semctl").out(byArg(2, 0xff, List.of(),
                when(IPC_STAT, struct(3, SEMID_DS)), when(SEM_STAT, struct(3, SEMID_DS)),
                when(SEM_STAT_ANY, struct(3, SEMID_DS)),
                when(IPC_INFO, struct(3, SEMINFO)), when(SEM_INFO, struct(3, SEMINFO)),
                when(GETALL, semaphoreValues()))).build());
        s.add(syscall("semop").mayBlock().build());
        s.add(syscall("semtimedop").mayBlock().build());
        // POSIX message queues: mq_timedreceive(mqd, buf, len, unsigned *prio, abs_timeout)
        s.add(syscall("mq_open").fd(opened()).build());
        s.add(syscall("mq_unlink").build());
        s.add(syscall("mq_timedsend").mayBlock().build());
        s.add(syscall("mq_getsetattr").out(struct(2, MQ_ATTR)).build()); // (mqd, new attr, old attr)
        s.add(syscall("mq_notify").build());
        s.add(syscall("mq_timedreceive").out(buffer(1, upTo(2)), struct(3, INT)).mayBlock().build());
        return s;
    }
}
