package org.jrr.kernel.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jrr.api.arch.Registers;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.trace.MemWrite;

/**
 * ptrace between tasks of the recording, emulated: jrr is every task's real tracer, so a task that traces another
 * (a debugger, a sandbox, strace) does it through jrr. This class keeps who traces whom and how, which stops wait
 * for a tracer's wait, and carries out the requests on a held tracee; {@link Tracers} ties it to the session.
 *
 * <p>Emulated: PTRACE_TRACEME, ATTACH and SEIZE (of a task of the recording), SETOPTIONS (all but the seccomp
 * ones), PEEKTEXT/PEEKDATA/PEEKUSER, POKETEXT/POKEDATA/POKEUSER, GETREGS/SETREGS, GETFPREGS,
 * GETREGSET (general, x87/SSE and XSAVE state), GETSIGINFO, GETEVENTMSG, GET_SYSCALL_INFO, CONT, SYSCALL and
 * SINGLESTEP (with or without a signal), INTERRUPT, KILL, DETACH. Stops: signal delivery, faults, syscall entry
 * and exit, exec, fork/vfork/clone and vfork-done, exit, a new child's first, single steps and the stop INTERRUPT asks for.
 * Changes of floating-point registers or siginfo, SYSEMU, LISTEN and the seccomp stops are refused by the
 * ptrace handler, and named. Debug registers read as zero and cannot be set.
 */
final class PtraceEmulation {
    static final int TRACEME = 0, PEEKTEXT = 1, PEEKDATA = 2, PEEKUSER = 3, POKETEXT = 4, POKEDATA = 5,
            POKEUSER = 6, CONT = 7, KILL = 8, SINGLESTEP = 9, GETREGS = 12, SETREGS = 13, GETFPREGS = 14,
            ATTACH = 16, DETACH = 17, SYSCALL = 24, SETOPTIONS = 0x4200, GETEVENTMSG = 0x4201, GETSIGINFO = 0x4202,
            GETREGSET = 0x4204, SEIZE = 0x4206, INTERRUPT = 0x4207, GET_SYSCALL_INFO = 0x420e;
    /** {@code struct user}: the registers, then (at 848) the debug registers, 912 bytes in all. */
    static final int USER_REGS_BYTES = Registers.COUNT * 8, USER_DEBUGREG = 848, USER_BYTES = 912;
    static final int NT_PRSTATUS = 1, NT_PRFPREG = 2, NT_X86_XSTATE = 0x202;
    static final int O_TRACESYSGOOD = 1, O_TRACEFORK = 1 << 1, O_TRACEVFORK = 1 << 2, O_TRACECLONE = 1 << 3,
            O_TRACEEXEC = 1 << 4, O_TRACEVFORKDONE = 1 << 5, O_TRACEEXIT = 1 << 6, O_EXITKILL = 1 << 20;
    /** The options emulated; the others (the seccomp stops, suspending seccomp) are refused. */
    static final int EMULATED_OPTIONS = O_TRACESYSGOOD | O_TRACEFORK | O_TRACEVFORK | O_TRACECLONE | O_TRACEEXEC
            | O_TRACEVFORKDONE | O_TRACEEXIT | O_EXITKILL;
    static final int EVENT_FORK = 1, EVENT_VFORK = 2, EVENT_CLONE = 3, EVENT_EXEC = 4, EVENT_VFORK_DONE = 5,
            EVENT_EXIT = 6, EVENT_STOP = 128;
    private static final int SIGTRAP = 5, SIGSTOP = 19;
    private static final long EPERM = 1, ESRCH = 3, EIO = 5, EFAULT = 14, EINVAL = 22;
    private static final int AUDIT_ARCH_X86_64 = 0xc000003e;

    /** What a stop is: what GET_SYSCALL_INFO says of it, and whether a signal given to the resume is delivered. */
    enum Kind { SIGNAL, SYSCALL_ENTRY, SYSCALL_EXIT, EXEC, CLONE, EXIT, INTERRUPT }

    /** A held tracee's stop: its wait status and, for a signal stop, the signal's siginfo. */
    record Stop(int status, byte[] siginfo, Kind kind) {
        Stop(int status, byte[] siginfo) {
            this(status, siginfo, Kind.SIGNAL);
        }

        static Stop signal(int sig, byte[] siginfo) {
            return new Stop((sig << 8) | 0x7f, siginfo, Kind.SIGNAL);
        }

        /** A stop of PTRACE_EVENT_{@code event}, reported as SIGTRAP with the event in the status's third byte. */
        static Stop event(int event, Kind kind) {
            return event(SIGTRAP, event, kind);
        }

        static Stop event(int sig, int event, Kind kind) {
            return new Stop(((sig | event << 8) << 8) | 0x7f, null, kind);
        }
    }

    /** One task traced by another: its tracer's thread group, options and state. */
    static final class Tracee {
        final int tracer;
        final boolean seized;
        /** Its tracer is its parent: the kernel's wait reports its end; another tracer learns of it from jrr. */
        final boolean child;
        int options;
        /** Resumed with PTRACE_SYSCALL: it stops at each syscall's entry and exit. */
        boolean syscalls;
        /** Its syscall buffering was turned off (once resumed with PTRACE_SYSCALL). */
        boolean unbuffered;
        /** The syscall it is in was reported at its entry: its exit is reported too. */
        boolean exitDue;
        /** PTRACE_INTERRUPT asked for a stop it has not made yet. */
        boolean interruptDue;
        /** The stop a task a tracee made starts with, when its tracer follows it, until it makes it. */
        Stop startStop;
        /** The PTRACE_EVENT_FORK, VFORK or CLONE its syscall reports before it returns, or 0. */
        int eventDue;
        /** Its vfork child let go of its memory: PTRACE_EVENT_VFORK_DONE is reported before the vfork returns. */
        boolean vforkDoneDue;
        /** A single step over a syscall: it stops with SIGTRAP when it returns. */
        boolean stepDue;
        Stop held;
        /** The signal its tracer passed on: delivered when it comes, not a stop again. */
        int passing;
        long eventMessage;

        Tracee(int tracer, boolean seized, boolean child, int options) {
            this.tracer = tracer;
            this.seized = seized;
            this.child = child;
            this.options = options;
        }

        boolean has(int option) {
            return (options & option) != 0;
        }
    }

    /** What the session must do after a request. */
    sealed interface After {
        record Nothing() implements After {
        }

        /** Resume the held tracee; {@code stop} is the one it was held at, {@code sig} a signal to deliver. */
        record Resume(int tid, int sig, Stop stop) implements After {
        }

        record Kill(int tid) implements After {
        }

        /** INTERRUPT: the tracee is to stop at the first point replay can find. */
        record Interrupt(int tid) implements After {
        }

        /** SETREGS, POKEUSER: the held tracee gets these registers. */
        record SetRegisters(int tid, Registers regs) implements After {
        }

        /** SINGLESTEP from a stop where the tracee stands in its own code: one instruction, then a stop. */
        record Step(int tid, Stop stop) implements After {
        }
    }

    /** The answer to a request: the call's result, memory the tracee got, what to do next. */
    record Answer(long result, MemWrite traceeWrite, After after) {
        static Answer error(long errno) {
            return new Answer(-errno, null, new After.Nothing());
        }

        static Answer ok() {
            return new Answer(0, null, new After.Nothing());
        }
    }

    private final Map<Integer, Tracee> tracees = new HashMap<>();
    /** Per tracer thread group, the stops (tid and wait status) it has not waited for yet, oldest first. */
    private final Map<Integer, ArrayDeque<int[]>> unreported = new HashMap<>();

    boolean traced(int tid) {
        return tracees.containsKey(tid);
    }

    Tracee tracee(int tid) {
        return tracees.get(tid);
    }

    /** Whether signal {@code sig} of {@code tid} is to stop it for its tracer (not one the tracer passed on). */
    boolean stops(int tid, int sig) {
        Tracee t = tracees.get(tid);
        if (t == null) {
            return false;
        }
        if (t.passing == sig) {
            t.passing = 0;
            return false;
        }
        return true;
    }

    /** The tracer (thread group) of {@code tid}, or -1. */
    int tracer(int tid) {
        Tracee t = tracees.get(tid);
        return t == null ? -1 : t.tracer;
    }

    boolean held(int tid) {
        Tracee t = tracees.get(tid);
        return t != null && t.held != null;
    }

    /** PTRACE_TRACEME of {@code tid}: its parent, the thread group {@code parent}, becomes its tracer. */
    void traceMe(int tid, int parent) {
        tracees.put(tid, new Tracee(parent, false, true, 0));
    }

    /** ATTACH or SEIZE of {@code tid} by thread group {@code tracer} ({@code child}: its parent). */
    void attach(int tid, int tracer, boolean seized, boolean child, int options) {
        tracees.put(tid, new Tracee(tracer, seized, child, options));
    }

    /**
     * Traced {@code parent} made {@code child} (a kernel's PTRACE_EVENT_{@code event}): when its tracer follows
     * such children, it traces this one, which starts with a stop, and the parent reports the event (whether
     * {@code child} is one: {@code tracersChild}).
     */
    boolean cloned(int parent, int child, int event, boolean tracersChild) {
        Tracee p = tracees.get(parent);
        int option = event == EVENT_FORK ? O_TRACEFORK : event == EVENT_VFORK ? O_TRACEVFORK : O_TRACECLONE;
        if (p != null && event == EVENT_VFORK && p.has(O_TRACEVFORKDONE)) {
            p.vforkDoneDue = true;
            p.eventMessage = child;
        }
        if (p == null || !p.has(option)) {
            return false;
        }
        Tracee c = new Tracee(p.tracer, p.seized, tracersChild, p.options);
        c.startStop = p.seized ? Stop.event(EVENT_STOP, Kind.INTERRUPT) // SIGTRAP: not a group-stop
                : new Stop((SIGSTOP << 8) | 0x7f, org.jrr.kernel.task.Siginfo.user(SIGSTOP, 0, 0), Kind.SIGNAL);
        tracees.put(child, c);
        p.eventDue = event;
        p.eventMessage = child;
        return true;
    }

    /** The traced task {@code tid} stops: held until its tracer continues it; the tracer's wait will see it. */
    void stopped(int tid, Stop stop) {
        Tracee t = tracees.get(tid);
        t.held = stop;
        t.interruptDue = false;
        unreported.computeIfAbsent(t.tracer, k -> new ArrayDeque<>()).add(new int[] {tid, stop.status()});
    }

    /** The end of {@code tid} (wait status {@code status}) for its tracer to wait for: one that is not its parent. */
    void exited(int tid, int tracer, int status) {
        unreported.computeIfAbsent(tracer, k -> new ArrayDeque<>()).add(new int[] {tid, status});
    }

    /**
     * A wait of thread group {@code tracer} for {@code pid} (-1: any child): the tracee whose stop (or end) it
     * reports, with its status, or null when none waits to be reported (the kernel makes the wait).
     */
    int[] takeStop(int tracer, long pid) {
        ArrayDeque<int[]> q = unreported.get(tracer);
        if (q == null) {
            return null;
        }
        for (int[] s : q) {
            if (pid == -1 || pid == s[0]) {
                q.remove(s);
                return s;
            }
        }
        return null;
    }

    /** Whether a stop or end waits for thread group {@code tracer}'s wait for {@code pid} (-1: any). */
    boolean reportable(int tracer, long pid) {
        ArrayDeque<int[]> q = unreported.get(tracer);
        return q != null && q.stream().anyMatch(s -> pid == -1 || pid == s[0]);
    }

    /** Whether thread group {@code tracer} traces a task not held now, whose stop a blocking wait may be for. */
    boolean mayStop(int tracer, long pid) {
        return tracees.entrySet().stream().anyMatch(e -> e.getValue().tracer == tracer && e.getValue().held == null
                && (pid == -1 || pid == e.getKey()));
    }

    /** {@code tid} has ended (or its tracer has): it is no longer traced. */
    void gone(int tid) {
        Tracee t = tracees.remove(tid);
        if (t != null && unreported.get(t.tracer) instanceof ArrayDeque<int[]> q) {
            q.removeIf(s -> s[0] == tid && (s[1] & 0xff) == 0x7f); // its stops, not its end
        }
    }

    /** The tracees of thread group {@code tracer}, released when it ends (its stops forgotten); the held ones. */
    List<Integer> release(int tracer) {
        List<Integer> held = new ArrayList<>();
        for (Integer tid : tracees.entrySet().stream().filter(e -> e.getValue().tracer == tracer)
                .map(Map.Entry::getKey).toList()) {
            if (tracees.get(tid).held != null) {
                held.add(tid);
            }
            gone(tid);
        }
        unreported.remove(tracer);
        return held;
    }

    /** The tracees of thread group {@code tracer} that are to be killed with it (PTRACE_O_EXITKILL). */
    List<Integer> killedWith(int tracer) {
        return tracees.entrySet().stream().filter(e -> e.getValue().tracer == tracer
                && e.getValue().has(O_EXITKILL)).map(Map.Entry::getKey).toList();
    }

    /**
     * A request of thread group {@code caller} (task {@code callerTask} makes it) about {@code target}, or null
     * when it is not emulated. The tracee must be held and traced by the caller, as the kernel requires. ATTACH
     * and SEIZE are the session's, which knows who may trace whom.
     */
    Answer request(int caller, RecordTask callerTask, SyscallCall call, RecordTask target) throws IOException {
        int request = (int) call.arg(0);
        if (!emulated(request) || request == TRACEME || request == ATTACH || request == SEIZE) {
            return null;
        }
        Tracee tracee = target == null ? null : tracees.get(target.tid());
        if (tracee == null || tracee.tracer != caller
                || request != KILL && request != INTERRUPT && tracee.held == null) {
            return Answer.error(ESRCH);
        }
        long addr = call.arg(2), data = call.arg(3);
        Stop stop = tracee.held;
        try {
            return switch (request) {
                case PEEKTEXT, PEEKDATA -> {
                    callerTask.task.memory().write(data, target.task.memory().read(addr, 8));
                    yield Answer.ok();
                }
                case PEEKUSER -> {
                    if (addr % 8 != 0 || addr < 0 || addr >= USER_BYTES) {
                        yield Answer.error(EIO);
                    }
                    // past the registers: the debug registers (none set) and fields the kernel reads as zero
                    long value = addr < USER_REGS_BYTES ? target.task.regs().get((int) (addr / 8)) : 0;
                    callerTask.task.memory().write(data, word(value));
                    yield Answer.ok();
                }
                case POKEUSER -> {
                    if (addr % 8 != 0 || addr < 0 || addr >= USER_BYTES
                            || addr >= USER_REGS_BYTES && (addr < USER_DEBUGREG || data != 0)) {
                        yield Answer.error(EIO); // a debug register may only be cleared: none is ever set
                    }
                    if (addr >= USER_REGS_BYTES) {
                        yield Answer.ok();
                    }
                    Registers regs = target.task.regs().with((int) (addr / 8), data);
                    yield new Answer(0, null, new After.SetRegisters(target.tid(), regs));
                }
                case SETREGS -> {
                    byte[] b = callerTask.task.memory().read(data, USER_REGS_BYTES);
                    long[] words = new long[Registers.COUNT];
                    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(words);
                    yield new Answer(0, null, new After.SetRegisters(target.tid(), Registers.of(words)));
                }
                case GETFPREGS -> {
                    callerTask.task.memory().write(data, target.task.linux().getFpRegs(target.tid()));
                    yield Answer.ok();
                }
                case GETREGSET -> {
                    byte[] set = switch ((int) addr) {
                        case NT_PRSTATUS -> userRegs(target.task.regs());
                        case NT_PRFPREG -> target.task.linux().getFpRegs(target.tid());
                        case NT_X86_XSTATE -> target.task.linux().getXState(target.tid());
                        default -> null;
                    };
                    if (set == null) {
                        yield Answer.error(EINVAL);
                    }
                    ByteBuffer iov = ByteBuffer.wrap(callerTask.task.memory().read(data, 16))
                            .order(ByteOrder.LITTLE_ENDIAN);
                    int length = (int) Math.min(iov.getLong(8), set.length);
                    callerTask.task.memory().write(iov.getLong(0), java.util.Arrays.copyOf(set, length));
                    callerTask.task.memory().write(data + 8, word(length));
                    yield Answer.ok();
                }
                case POKETEXT, POKEDATA -> {
                    byte[] word = word(data);
                    target.task.memory().write(addr, word);
                    yield new Answer(0, new MemWrite(addr, word), new After.Nothing());
                }
                case GETREGS -> {
                    callerTask.task.memory().write(data, userRegs(target.task.regs()));
                    yield Answer.ok();
                }
                case GETSIGINFO -> {
                    if (stop.siginfo() == null) {
                        yield Answer.error(EIO); // only a signal stop carries one
                    }
                    callerTask.task.memory().write(data, stop.siginfo());
                    yield Answer.ok();
                }
                case GETEVENTMSG -> {
                    callerTask.task.memory().write(data, word(tracee.eventMessage));
                    yield Answer.ok();
                }
                case GET_SYSCALL_INFO -> {
                    byte[] info = syscallInfo(stop.kind(), target.task.regs());
                    callerTask.task.memory().write(data, java.util.Arrays.copyOf(info, (int) Math.min(addr,
                            info.length)));
                    yield new Answer(info.length, null, new After.Nothing());
                }
                case SETOPTIONS -> {
                    if ((data & ~EMULATED_OPTIONS) != 0) {
                        yield Answer.error(EINVAL);
                    }
                    tracee.options = (int) data;
                    yield Answer.ok();
                }
                case INTERRUPT -> {
                    if (!tracee.seized) {
                        yield Answer.error(EIO);
                    }
                    if (tracee.held != null) {
                        yield Answer.ok(); // stopped already
                    }
                    tracee.interruptDue = true;
                    yield new Answer(0, null, new After.Interrupt(target.tid()));
                }
                case KILL -> new Answer(0, null, new After.Kill(target.tid()));
                default -> { // CONT, SYSCALL, SINGLESTEP, DETACH: data is the signal to deliver, 0 for none
                    if (data < 0 || data > 64) {
                        yield Answer.error(EIO);
                    }
                    tracee.held = null;
                    tracee.syscalls = request == SYSCALL;
                    if (request != SYSCALL) {
                        tracee.exitDue = false; // the kernel reports a syscall's exit only to PTRACE_SYSCALL
                    }
                    if (request == SINGLESTEP && stop.kind() != Kind.EXIT) {
                        int sig = stop.kind() == Kind.SIGNAL ? (int) data : 0;
                        if (sig == 0 && !target.inSyscall && !atSyscallInstruction(target)) {
                            yield new Answer(0, null, new After.Step(target.tid(), stop));
                        }
                        // over a syscall, or into a handler: it stops when it next runs its own code
                        tracee.stepDue = true;
                        if (sig != 0) {
                            tracee.passing = sig;
                        }
                        yield new Answer(0, null, new After.Resume(target.tid(), sig, stop));
                    }
                    // a signal given at another stop than a signal's is not delivered (the kernel ignores it)
                    int sig = stop.kind() == Kind.SIGNAL ? (int) data : 0;
                    if (request == DETACH) {
                        gone(target.tid());
                    } else if (sig != 0) {
                        tracee.passing = sig;
                    }
                    yield new Answer(0, null, new After.Resume(target.tid(), sig, stop));
                }
            };
        } catch (IOException | RuntimeException e) {
            return Answer.error(EFAULT);
        }
    }

    /** Whether {@code request} is one jrr carries out between tasks of the recording. */
    static boolean emulated(int request) {
        return switch (request) {
            case TRACEME, PEEKTEXT, PEEKDATA, PEEKUSER, POKETEXT, POKEDATA, POKEUSER, CONT, KILL, SINGLESTEP,
                    GETREGS, SETREGS, GETFPREGS, ATTACH, DETACH, SYSCALL, SETOPTIONS, GETEVENTMSG, GETSIGINFO,
                    GETREGSET, SEIZE, INTERRUPT, GET_SYSCALL_INFO -> true;
            default -> false;
        };
    }

    /** Whether {@code t} stands at a syscall instruction ({@code syscall} or {@code int 0x80}). */
    private static boolean atSyscallInstruction(RecordTask t) throws IOException {
        byte[] insn = t.task.memory().read(t.task.regs().ip(), 2);
        return insn[0] == 0x0f && insn[1] == 0x05 || (insn[0] & 0xff) == 0xcd && (insn[1] & 0xff) == 0x80;
    }

    /** Why ATTACH or SEIZE fails: an errno, or 0 when {@code caller} may trace {@code target}. */
    long attachRefusal(int caller, RecordTask target, int request, long options) {
        if (target == null) {
            return ESRCH;
        }
        if (target.tgid == caller || tracees.containsKey(target.tid())) {
            return EPERM;
        }
        if (request == SEIZE && (options & ~EMULATED_OPTIONS) != 0) {
            return EINVAL;
        }
        return 0;
    }

    /** {@code struct user_regs_struct}: the registers in the kernel's order, which is jrr's. */
    static byte[] userRegs(Registers r) {
        ByteBuffer b = ByteBuffer.allocate(Registers.COUNT * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < Registers.COUNT; i++) {
            b.putLong(r.get(i));
        }
        return b.array();
    }

    /** {@code struct ptrace_syscall_info} of a stop of {@code kind} with registers {@code r}: as long as it says. */
    static byte[] syscallInfo(Kind kind, Registers r) {
        ByteBuffer b = ByteBuffer.allocate(88).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(4, AUDIT_ARCH_X86_64).putLong(8, r.ip()).putLong(16, r.get(Registers.RSP));
        int size = 24;
        if (kind == Kind.SYSCALL_ENTRY) {
            b.put(0, (byte) 1).putLong(24, r.origAx());
            long[] args = {r.get(Registers.RDI), r.get(Registers.RSI), r.get(Registers.RDX), r.get(Registers.R10),
                r.get(Registers.R8), r.get(Registers.R9)};
            for (int i = 0; i < 6; i++) {
                b.putLong(32 + 8 * i, args[i]);
            }
            size = 80;
        } else if (kind == Kind.SYSCALL_EXIT) {
            b.put(0, (byte) 2).putLong(24, r.ax()).put(32, (byte) (r.ax() < 0 && r.ax() >= -4095 ? 1 : 0));
            size = 33;
        }
        return java.util.Arrays.copyOf(b.array(), size);
    }

    static byte[] word(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }
}
