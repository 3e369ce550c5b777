package org.jrr.syscalls;

import static org.jrr.api.syscall.ReplayAction.EXECUTE;
import static org.jrr.syscalls.spec.CType.KERNEL_SIGACTION;
import static org.jrr.syscalls.spec.CType.SIGINFO;
import static org.jrr.syscalls.spec.CType.STACK_T;
import static org.jrr.syscalls.spec.Dsl.arg;
import static org.jrr.syscalls.spec.Dsl.buffer;
import static org.jrr.syscalls.spec.Dsl.opened;
import static org.jrr.syscalls.spec.Dsl.struct;
import static org.jrr.syscalls.spec.Dsl.syscall;

import java.util.ArrayList;
import java.util.List;

import org.jrr.syscalls.spec.SyscallSpec;

/** Signals. Sending is emulated: the signals a task receives are recorded as their own events. */
final class SignalSyscalls {
    private SignalSyscalls() {
    }

    static List<SyscallSpec> specs() {
        List<SyscallSpec> s = new ArrayList<>();
        // rt_sigaction(sig, act, oact, sigsetsize); rt_sigprocmask(how, set, oset, sigsetsize)
        // The signal state is set again in replay (handlers, mask, alternate stack, sigreturn), so that the kernel
        // delivers replayed signals as it did when recording: same frames, same restarts.
        s.add(syscall("rt_sigaction").out(struct(2, KERNEL_SIGACTION)).replay(EXECUTE).build());
        s.add(syscall("rt_sigprocmask").out(buffer(2, arg(3))).replay(EXECUTE).build());
        s.add(syscall("rt_sigpending").out(buffer(0, arg(1))).build());
        s.add(syscall("rt_sigtimedwait").out(struct(1, SIGINFO)).mayBlock().build());
        s.add(syscall("rt_sigsuspend").mayBlock().build());
        s.add(syscall("pause").mayBlock().build());
        s.add(syscall("sigaltstack").out(struct(1, STACK_T)).replay(EXECUTE).build());
        // Run again for the mask and alternate stack it restores; the registers after it come from the trace.
        s.add(syscall("rt_sigreturn").replay(EXECUTE).build());
        for (String send : List.of("kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
                "pidfd_send_signal", "alarm")) {
            s.add(syscall(send).build());
        }
        s.add(syscall("signalfd").fd(opened()).build());
        s.add(syscall("signalfd4").fd(opened()).build());
        return s;
    }
}
