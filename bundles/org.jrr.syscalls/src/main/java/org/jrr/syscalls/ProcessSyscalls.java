package org.jrr.syscalls;

import static org.jrr.api.syscall.ReplayAction.EMULATE;
import static org.jrr.api.syscall.ReplayAction.EXECUTE;
import static org.jrr.api.syscall.ReplayAction.EXECVE;
import static org.jrr.api.syscall.ReplayAction.EXIT;
import static org.jrr.syscalls.spec.CType.CAP_USER_DATA;
import static org.jrr.syscalls.spec.CType.INT;
import static org.jrr.syscalls.spec.CType.LONG;
import static org.jrr.syscalls.spec.CType.RLIMIT;
import static org.jrr.syscalls.spec.CType.RLIMIT64;
import static org.jrr.syscalls.spec.CType.RUSAGE;
import static org.jrr.syscalls.spec.CType.SCHED_PARAM;
import static org.jrr.syscalls.spec.CType.SIGINFO;
import static org.jrr.syscalls.spec.CType.SYSINFO;
import static org.jrr.syscalls.spec.CType.TIMESPEC;
import static org.jrr.syscalls.spec.CType.TMS;
import static org.jrr.syscalls.spec.CType.UTSNAME;
import static org.jrr.syscalls.spec.Dsl.arg;
import static org.jrr.syscalls.spec.Dsl.buffer;
import static org.jrr.syscalls.spec.Dsl.byArg;
import static org.jrr.syscalls.spec.Dsl.bytes;
import static org.jrr.syscalls.spec.Dsl.custom;
import static org.jrr.syscalls.spec.Dsl.inPlace;
import static org.jrr.syscalls.spec.Dsl.iovecs;
import static org.jrr.syscalls.spec.Dsl.min;
import static org.jrr.syscalls.spec.Dsl.onSuccess;
import static org.jrr.syscalls.spec.Dsl.opened;
import static org.jrr.syscalls.spec.Dsl.replayByArg;
import static org.jrr.syscalls.spec.Dsl.result;
import static org.jrr.syscalls.spec.Dsl.sizeOf;
import static org.jrr.syscalls.spec.Dsl.struct;
import static org.jrr.syscalls.spec.Dsl.syscall;
import static org.jrr.syscalls.spec.Dsl.times;
import static org.jrr.syscalls.spec.Dsl.upTo;
import static org.jrr.syscalls.spec.Dsl.when;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.syscall.TraceeMemory;
import org.jrr.api.syscall.WordStore;

import org.jrr.syscalls.spec.CallContext;
import org.jrr.syscalls.spec.OutParam;
import org.jrr.syscalls.spec.SyscallSpec;

/**
 * Processes and threads: identity, exec and exit, waiting, limits and accounting, scheduling, capabilities, futexes,
 * per-thread kernel state and the process-wide knobs (prctl, arch_prctl).
 *
 * <p>clone, fork, vfork and clone3 are not here: replay has to create a task for them, which no
 * {@link org.jrr.api.syscall.ReplayAction} describes; the kernel bundle handles them itself.
 */
final class ProcessSyscalls {
    // arch_prctl codes (x86)
    static final long ARCH_SET_GS = 0x1001;
    static final long ARCH_SET_FS = 0x1002;
    static final long ARCH_GET_FS = 0x1003;
    static final long ARCH_GET_GS = 0x1004;
    static final long ARCH_GET_CPUID = 0x1011;
    static final long ARCH_SET_CPUID = 0x1012;

    // prctl options
    static final long PR_GET_PDEATHSIG = 2;
    static final long PR_GET_NAME = 16;
    static final long PR_GET_TSC = 25;
    static final long PR_GET_CHILD_SUBREAPER = 37;
    static final long PR_GET_TID_ADDRESS = 40;
    static final long PR_SET_VMA = 0x53564d41;
    static final long PR_GET_AUXV = 0x41555856;
    static final long TASK_COMM_LEN = 16;

    // futex operations (op & FUTEX_CMD_MASK; the mask drops FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME)
    static final long FUTEX_CMD_MASK = 0x7f;
    static final long FUTEX_WAKE_OP = 5;
    static final long FUTEX_LOCK_PI = 6;
    static final long FUTEX_UNLOCK_PI = 7;
    static final long FUTEX_TRYLOCK_PI = 8;
    static final long FUTEX_WAIT_REQUEUE_PI = 11;
    static final long FUTEX_CMP_REQUEUE_PI = 12;
    static final long FUTEX_LOCK_PI2 = 13;
    static final int FUTEX_WAITERS = 0x80000000, FUTEX_TID_MASK = 0x3fffffff;

    static final int LINUX_CAPABILITY_VERSION_1 = 0x19980330;
    static final long SECCOMP_GET_NOTIF_SIZES = 3;

    private ProcessSyscalls() {
    }

    static List<SyscallSpec> specs() {
        List<SyscallSpec> s = new ArrayList<>();

        // ---- identity
        for (String name : List.of("getpid", "getppid", "gettid", "getuid", "geteuid", "getgid", "getegid",
                "getpgrp", "getpgid", "getsid", "setpgid", "setsid", "setuid", "setgid", "setreuid", "setregid",
                "setresuid", "setresgid", "setfsuid", "setfsgid", "setgroups")) {
            s.add(syscall(name).build());
        }
        // getgroups(size, gid_t list[]): with size 0 it only counts, writing nothing
        s.add(syscall("getgroups")
                .out(buffer(1, min(times(result(), sizeOf(INT)), times(arg(0), sizeOf(INT))))).build());
        s.add(syscall("getresuid").out(struct(0, INT), struct(1, INT), struct(2, INT)).build());
        s.add(syscall("getresgid").out(struct(0, INT), struct(1, INT), struct(2, INT)).build());

        // ---- exec, exit, wait
        s.add(syscall("execve").replay(onSuccess(EXECVE, EMULATE)).build());
        s.add(syscall("execveat").replay(onSuccess(EXECVE, EMULATE)).build());
        s.add(syscall("exit").replay(EXIT).build());
        s.add(syscall("exit_group").replay(EXIT).build());
        // wait4(pid, int *status, options, struct rusage *); waitid(idtype, id, siginfo_t *, options, rusage *)
        s.add(syscall("wait4").out(struct(1, INT), struct(3, RUSAGE)).mayBlock().build());
        s.add(syscall("waitid").out(struct(2, SIGINFO), struct(4, RUSAGE)).mayBlock().build());
        // The restarted call (nanosleep after a stop...) is not known here, so its outputs are a known gap.
        s.add(syscall("restart_syscall").mayBlock().build());

        // ---- limits, accounting, system information
        s.add(syscall("prlimit64").out(struct(3, RLIMIT64)).build());
        s.add(syscall("getrlimit").out(struct(1, RLIMIT)).build());
        s.add(syscall("setrlimit").build());
        s.add(syscall("getrusage").out(struct(1, RUSAGE)).build());
        s.add(syscall("times").out(struct(0, TMS)).build());
        s.add(syscall("sysinfo").out(struct(0, SYSINFO)).build());
        s.add(syscall("uname").out(struct(0, UTSNAME)).build());
        s.add(syscall("sethostname").build());
        s.add(syscall("setdomainname").build());
        s.add(syscall("getrandom").out(buffer(0, upTo(1))).build());
        // Emulated: replay rebuilds the address space from the recorded mappings, whatever the personality.
        s.add(syscall("personality").build());

        // ---- scheduling
        s.add(syscall("sched_getaffinity").out(buffer(2, upTo(1))).build()); // result: bytes of the mask
        s.add(syscall("sched_setaffinity").build());
        s.add(syscall("sched_yield").build());
        s.add(syscall("sched_getparam").out(struct(1, SCHED_PARAM)).build());
        s.add(syscall("sched_setparam").build());
        s.add(syscall("sched_getscheduler").build());
        s.add(syscall("sched_setscheduler").build());
        s.add(syscall("sched_get_priority_max").build());
        s.add(syscall("sched_get_priority_min").build());
        s.add(syscall("sched_rr_get_interval").out(struct(1, TIMESPEC)).build());
        s.add(syscall("sched_getattr").out(buffer(1, arg(2))).build()); // (pid, attr, size, flags)
        s.add(syscall("sched_setattr").build());
        s.add(syscall("getcpu").out(struct(0, INT), struct(1, INT)).build());
        s.add(syscall("getpriority").build());
        s.add(syscall("setpriority").build());
        s.add(syscall("ioprio_get").build());
        s.add(syscall("ioprio_set").build());

        // ---- capabilities, security
        // the kernel writes the version it wants into the header when asked for another (EINVAL) or for none
        s.add(syscall("capget").out(struct(0, INT), capgetData()).outputsWhenFailed().build());
        s.add(syscall("capset").build());
        s.add(syscall("seccomp").out(byArg(0, when(SECCOMP_GET_NOTIF_SIZES, buffer(2, bytes(6))))).build());

        // ---- futexes. Emulated: the futex word's value comes from the tracee's own atomic stores, replayed by
        // replaying the tracee. The kernel itself stores into the second word for FUTEX_WAKE_OP and into the
        // owner word for the PI operations; those words are recorded, where they are: a blocking call's words
        // are the futexes it waits on, which must not move to scratch memory.
        s.add(syscall("futex")
                .out(byArg(1, FUTEX_CMD_MASK, List.of(),
                        when(FUTEX_WAKE_OP, inPlace(struct(4, INT))),
                        when(FUTEX_LOCK_PI, inPlace(struct(0, INT))),
                        when(FUTEX_LOCK_PI2, inPlace(struct(0, INT))),
                        when(FUTEX_TRYLOCK_PI, inPlace(struct(0, INT))),
                        when(FUTEX_UNLOCK_PI, inPlace(struct(0, INT))),
                        when(FUTEX_WAIT_REQUEUE_PI, inPlace(struct(4, INT))),
                        when(FUTEX_CMP_REQUEUE_PI, inPlace(struct(4, INT)))))
                .storesWhenBlocked(ProcessSyscalls::piWaiters)
                .mayBlock().build());
        s.add(syscall("futex_waitv").mayBlock().build());

        // ---- per-thread kernel state. All emulated: the kernel's own later use of it (clearing the
        // clear_child_tid word and walking the robust list at thread exit, updating the rseq area's cpu_id on
        // preemption) is not reproduced by these handlers; the kernel bundle must record those writes at the
        // event where they happen (exit) or keep rseq unregistered.
        s.add(syscall("set_tid_address").build());
        s.add(syscall("set_robust_list").build());
        s.add(syscall("get_robust_list").out(struct(1, LONG), struct(2, LONG)).build());
        s.add(syscall("rseq").build());

        // ---- arch_prctl: FS/GS bases are really set again in replay (TLS); the getters write one word. The
        // CPUID-faulting codes are emulated, because jrr itself uses CPUID faulting on the tracee.
        s.add(syscall("arch_prctl")
                .out(byArg(0, when(ARCH_GET_FS, struct(1, LONG)), when(ARCH_GET_GS, struct(1, LONG))))
                .replay(replayByArg(0, EMULATE,
                        when(ARCH_SET_FS, EXECUTE),
                        when(ARCH_SET_GS, EXECUTE),
                        when(ARCH_GET_CPUID, EMULATE),
                        when(ARCH_SET_CPUID, EMULATE)))
                .build());

        // ---- prctl: a few options write memory; PR_SET_VMA (naming anonymous mappings) runs again so that the
        // replayed address space looks the same.
        s.add(syscall("prctl")
                .out(byArg(0,
                        when(PR_GET_NAME, buffer(1, bytes(TASK_COMM_LEN))),
                        when(PR_GET_PDEATHSIG, struct(1, INT)),
                        when(PR_GET_TSC, struct(1, INT)),
                        when(PR_GET_CHILD_SUBREAPER, struct(1, INT)),
                        when(PR_GET_TID_ADDRESS, struct(1, LONG)),
                        when(PR_GET_AUXV, buffer(1, upTo(2)))))
                .replay(replayByArg(0, EMULATE, when(PR_SET_VMA, EXECUTE)))
                .build());

        // ---- pidfds and other processes' memory
        s.add(syscall("pidfd_open").fd(opened()).build());
        s.add(syscall("pidfd_getfd").fd(opened()).build());
        s.add(syscall("kcmp").build());
        // process_vm_readv(pid, local_iov, liovcnt, remote_iov, riovcnt, flags) fills the local iovecs
        s.add(syscall("process_vm_readv").out(iovecs(1, arg(2), result())).build());
        s.add(syscall("process_vm_writev").build());
        return s;
    }

    /**
     * A PI lock that sleeps has set the waiters bit of the owner word first (the owner's unlock then goes to the
     * kernel, which hands the lock over): other threads see the bit while it waits. A free word is taken at once.
     */
    private static List<WordStore> piWaiters(SyscallCall entry, TraceeMemory memory) throws IOException {
        long cmd = entry.arg(1) & FUTEX_CMD_MASK;
        if (cmd != FUTEX_LOCK_PI && cmd != FUTEX_LOCK_PI2 || entry.arg(0) == 0) {
            return List.of();
        }
        int word = memory.readInt(entry.arg(0));
        return (word & FUTEX_TID_MASK) == 0 ? List.of() : List.of(new WordStore(entry.arg(0), word | FUTEX_WAITERS));
    }

    /**
     * capget(header, data): version 1 fills one {@code __user_cap_data_struct}, versions 2 and 3 fill two.
     */
    private static OutParam capgetData() {
        return custom("capget data: 1 struct for version 1, else 2", (ctx, out) -> {
            long header = ctx.call().arg(0);
            long data = ctx.call().arg(1);
            if (header == 0 || data == 0 || ctx.call().failed()) {
                return;
            }
            int count = ctx.memory().readInt(header) == LINUX_CAPABILITY_VERSION_1 ? 1 : 2;
            CallContext.add(out, data, (long) count * ctx.abi().sizeOf(CAP_USER_DATA));
        });
    }
}
