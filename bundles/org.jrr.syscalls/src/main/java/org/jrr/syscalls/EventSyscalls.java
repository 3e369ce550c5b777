package org.jrr.syscalls;

import static org.jrr.syscalls.spec.CType.EPOLL_EVENT;
import static org.jrr.syscalls.spec.CType.POLLFD;
import static org.jrr.syscalls.spec.CType.TIMESPEC;
import static org.jrr.syscalls.spec.CType.TIMEVAL;
import static org.jrr.syscalls.spec.Dsl.arg;
import static org.jrr.syscalls.spec.Dsl.array;
import static org.jrr.syscalls.spec.Dsl.bitmap;
import static org.jrr.syscalls.spec.Dsl.opened;
import static org.jrr.syscalls.spec.Dsl.result;
import static org.jrr.syscalls.spec.Dsl.struct;
import static org.jrr.syscalls.spec.Dsl.syscall;

import java.util.ArrayList;
import java.util.List;

import org.jrr.syscalls.spec.SyscallSpec;

/** Waiting for fds (poll, select, epoll) and the fds made to be waited on (eventfd, inotify...). */
final class EventSyscalls {
    private EventSyscalls() {
    }

    static List<SyscallSpec> specs() {
        List<SyscallSpec> s = new ArrayList<>();
        // poll(fds, nfds, timeout); ppoll(fds, nfds, timespec *tmo, sigmask, sigsetsize): ppoll writes the
        // remaining time back, also when interrupted.
        s.add(syscall("poll").out(array(0, arg(1), POLLFD)).mayBlock().build());
        s.add(syscall("ppoll").out(array(0, arg(1), POLLFD), struct(2, TIMESPEC))
                .outputsWhenInterrupted().mayBlock().build());
        // select(nfds, readfds, writefds, exceptfds, timeval *); pselect6(..., timespec *, sigmask data)
        s.add(syscall("select").out(bitmap(1, arg(0)), bitmap(2, arg(0)), bitmap(3, arg(0)), struct(4, TIMEVAL))
                .outputsWhenInterrupted().mayBlock().build());
        s.add(syscall("pselect6")
                .out(bitmap(1, arg(0)), bitmap(2, arg(0)), bitmap(3, arg(0)), struct(4, TIMESPEC))
                .outputsWhenInterrupted().mayBlock().build());
        s.add(syscall("epoll_create").fd(opened()).build());
        s.add(syscall("epoll_create1").fd(opened()).build());
        s.add(syscall("epoll_ctl").build());
        // epoll_wait(epfd, events, maxevents, timeout): the result is the number of events
        for (String wait : List.of("epoll_wait", "epoll_pwait", "epoll_pwait2")) {
            s.add(syscall(wait).out(array(1, result(), EPOLL_EVENT)).mayBlock().build());
        }
        // perf_event_open(attr, pid, cpu, group_fd, flags): the syscall buffer's desched counter, or the program's
        // own; replay has no counter behind the descriptor (reading one is recorded like any read)
        s.add(syscall("perf_event_open").fd(opened()).build());
        s.add(syscall("eventfd").fd(opened()).build());
        s.add(syscall("eventfd2").fd(opened()).build());
        s.add(syscall("inotify_init").fd(opened()).build());
        s.add(syscall("inotify_init1").fd(opened()).build());
        s.add(syscall("inotify_add_watch").build());
        s.add(syscall("inotify_rm_watch").build());
        s.add(syscall("fanotify_init").fd(opened()).build());
        s.add(syscall("fanotify_mark").build());
        return s;
    }
}
