package org.jrr.syscalls;

import static org.jrr.syscalls.spec.CType.INT;
import static org.jrr.syscalls.spec.CType.ITIMERSPEC;
import static org.jrr.syscalls.spec.CType.ITIMERVAL;
import static org.jrr.syscalls.spec.CType.LONG;
import static org.jrr.syscalls.spec.CType.TIMESPEC;
import static org.jrr.syscalls.spec.CType.TIMEVAL;
import static org.jrr.syscalls.spec.CType.TIMEX;
import static org.jrr.syscalls.spec.CType.TIMEZONE;
import static org.jrr.syscalls.spec.Dsl.opened;
import static org.jrr.syscalls.spec.Dsl.struct;
import static org.jrr.syscalls.spec.Dsl.syscall;

import java.util.ArrayList;
import java.util.List;

import org.jrr.syscalls.spec.SyscallSpec;

/** Clocks, sleeps and timers. */
final class TimeSyscalls {
    private TimeSyscalls() {
    }

    static List<SyscallSpec> specs() {
        List<SyscallSpec> s = new ArrayList<>();
        s.add(syscall("clock_gettime").out(struct(1, TIMESPEC)).build());
        s.add(syscall("clock_getres").out(struct(1, TIMESPEC)).build());
        s.add(syscall("clock_settime").build());
        s.add(syscall("gettimeofday").out(struct(0, TIMEVAL), struct(1, TIMEZONE)).build());
        s.add(syscall("settimeofday").build());
        s.add(syscall("time").out(struct(0, LONG)).build()); // time_t *tloc; the result is the time too
        s.add(syscall("adjtimex").out(struct(0, TIMEX)).build());
        s.add(syscall("clock_adjtime").out(struct(1, TIMEX)).build());
        // The remaining time is written only when a signal interrupts the sleep.
        s.add(syscall("nanosleep").out(struct(1, TIMESPEC)).outputsWhenInterrupted().mayBlock().build());
        s.add(syscall("clock_nanosleep").out(struct(3, TIMESPEC)).outputsWhenInterrupted().mayBlock().build());
        // getitimer(which, cur); setitimer(which, new, old)
        s.add(syscall("getitimer").out(struct(1, ITIMERVAL)).build());
        s.add(syscall("setitimer").out(struct(2, ITIMERVAL)).build());
        // timer_create(clock, sigevent *, timer_t *id); timer_settime(id, flags, new, old); timer_gettime(id, cur)
        s.add(syscall("timer_create").out(struct(2, INT)).build());
        s.add(syscall("timer_settime").out(struct(3, ITIMERSPEC)).build());
        s.add(syscall("timer_gettime").out(struct(1, ITIMERSPEC)).build());
        s.add(syscall("timer_getoverrun").build());
        s.add(syscall("timer_delete").build());
        s.add(syscall("timerfd_create").fd(opened()).build());
        s.add(syscall("timerfd_settime").out(struct(3, ITIMERSPEC)).build());
        s.add(syscall("timerfd_gettime").out(struct(1, ITIMERSPEC)).build());
        return s;
    }
}
