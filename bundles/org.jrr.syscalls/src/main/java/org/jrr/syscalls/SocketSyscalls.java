package org.jrr.syscalls;

import static org.jrr.syscalls.spec.CType.INT;
import static org.jrr.syscalls.spec.CType.LONG;
import static org.jrr.syscalls.spec.CType.MMSGHDR;
import static org.jrr.syscalls.spec.CType.TIMESPEC;
import static org.jrr.syscalls.spec.Dsl.array;
import static org.jrr.syscalls.spec.Dsl.buffer;
import static org.jrr.syscalls.spec.Dsl.bytes;
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

import java.util.ArrayList;
import java.util.List;

import org.jrr.syscalls.spec.SyscallSpec;

/**
 * Sockets and System V / POSIX message queues and semaphores. What is sent is not re-emitted in replay: only
 * stdout and stderr writes are.
 */
final class SocketSyscalls {
    private SocketSyscalls() {
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
        s.add(syscall("semget").build());
        s.add(syscall("semop").mayBlock().build());
        s.add(syscall("semtimedop").mayBlock().build());
        // POSIX message queues: mq_timedreceive(mqd, buf, len, unsigned *prio, abs_timeout)
        s.add(syscall("mq_open").fd(opened()).build());
        s.add(syscall("mq_unlink").build());
        s.add(syscall("mq_timedsend").mayBlock().build());
        s.add(syscall("mq_timedreceive").out(buffer(1, upTo(2)), struct(3, INT)).mayBlock().build());
        return s;
    }
}
