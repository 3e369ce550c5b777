package org.jrr.kernel.record;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrr.api.arch.Registers;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.trace.Event;
import org.jrr.api.trace.MemWrite;
import org.jrr.api.trace.PtraceEvent;
import org.jrr.kernel.task.Siginfo;
import org.jrr.linux.Linux;
import org.jrr.linux.Ptrace;
import org.jrr.linux.WaitStatus;

/**
 * The tasks of the recording that trace others, served by jrr (the real tracer of all of them): their ptrace
 * requests and waits are answered at their entry, and their tracees' stops are held where replay finds them again
 * (a syscall's entry or exit, a point where the task was resumed, its exec or exit). A held tracee is in a ptrace
 * stop of jrr's and runs nothing; when its tracer continues it, what it was held at goes on (a
 * {@link Continuation}). Replay needs nothing of this: the tracer's results are recorded as its syscalls' results
 * and memory, and a tracee's memory that a tracer changed as a memory event at the point it was held.
 */
final class Tracers {
    private static final int SIGKILL = 9, SIGSTOP = 19, SIGCHLD = 17, SIGTRAP = 5;
    private static final int CLD_EXITED = 1, CLD_KILLED = 2, CLD_TRAPPED = 4, WNOHANG = 1, TRAP_TRACE = 2;

    /** What goes on when a held task is let go. */
    @FunctionalInterface
    interface Continuation {
        void run() throws IOException;
    }

    /** What of the recording session the tracers need. */
    interface Session {
        RecordTask task(int tid);

        Collection<RecordTask> tasks();

        /** Makes the kernel skip {@code t}'s syscall, which returns {@code result}; resumes it to its exit. */
        void skip(RecordTask t, Registers regs, long result);

        /** Resumes {@code t}, at a syscall's entry, into the syscall. */
        void resumeSyscall(RecordTask t);

        /** {@code t} is not running any more (held or blocked). */
        void stopped(RecordTask t);

        /** {@code t} waits at its syscall's entry for long: others run meanwhile. */
        void block(RecordTask t);

        void ready(RecordTask t);

        void unready(RecordTask t);

        /** Resumes {@code t} into its own code where it was last resumed. */
        void runUser(RecordTask t) throws IOException;

        /** Records memory {@code tid} got from outside, at this point. */
        void memoryChanged(int tid, MemWrite w) throws IOException;

        /** Stops {@code t}'s syscall buffering (its syscalls then all reach jrr): the write to record, or null. */
        MemWrite bufferNothing(RecordTask t) throws IOException;

        SyscallCall call(Registers regs);

        String syscallName(long nr);

        /** Interrupts {@code t}, which runs its own code: it stops at a point recorded as a switch. */
        void interrupt(RecordTask t);

        /** Ends the sleep of {@code t}'s syscall in the kernel (PTRACE_INTERRUPT), whatever its signal mask. */
        void wake(RecordTask t);

        /** Records {@code e} of {@code t} (its buffered syscalls first). */
        void append(RecordTask t, Event e) throws IOException;

        /** Records that {@code t}, held at a syscall's entry, stands there: replay runs it there first. */
        void frameEntry(RecordTask t) throws IOException;

        /** {@code t} made stop {@code st} outside jrr's loop: handled there as any other. */
        void requeue(RecordTask t, WaitStatus st);
    }

    private final PtraceEmulation ptrace = new PtraceEmulation();
    private final Session session;
    private final Linux linux;
    private final PrintStream diagnostics;
    private final Set<String> noted = new HashSet<>();
    /** Tracers parked at the entry of a wait4 that only a tracee's stop, reported by jrr, can answer. */
    private final List<RecordTask> parkedWaits = new ArrayList<>();
    /** Tracers whose wait, asleep in the kernel, jrr woke for a tracee's stop: it is answered with that stop. */
    private final Set<Integer> interruptedWaits = new HashSet<>();
    /** What each held tracee does when let go. */
    private final Map<Integer, Continuation> holding = new HashMap<>();
    /** Tracees let go, by tid: what they do when next dispatched. */
    private final Map<Integer, Continuation> letGo = new HashMap<>();

    Tracers(Session session, Linux linux, PrintStream diagnostics) {
        this.session = session;
        this.linux = linux;
        this.diagnostics = diagnostics;
    }

    boolean traced(int tid) {
        return ptrace.traced(tid);
    }

    /** What a tracee its tracer let go does now, or null. */
    Continuation takeLetGo(RecordTask t) {
        return letGo.remove(t.tid());
    }

    // ---- the tracer's syscalls

    /** A ptrace or wait4 of {@code t}, at its entry: answered here (true), or false for the kernel or handler. */
    boolean answersAtEntry(RecordTask t, String name, Registers regs) throws IOException {
        return name.equals("ptrace") && request(t, regs) || name.equals("wait4") && waits(t, regs);
    }

    private boolean request(RecordTask t, Registers regs) throws IOException {
        SyscallCall c = session.call(regs);
        int request = (int) c.arg(0);
        if (!PtraceEmulation.emulated(request)) {
            return false;
        }
        RecordTask target = session.task((int) c.arg(1));
        long result;
        if (request == PtraceEmulation.TRACEME) {
            int parent = parentOf(t.tid());
            result = parent <= 0 || ptrace.traced(t.tid()) ? -1 : 0; // EPERM when traced already
            if (result == 0) {
                ptrace.traceMe(t.tid(), parent);
            }
        } else if (request == PtraceEmulation.ATTACH || request == PtraceEmulation.SEIZE) {
            result = -ptrace.attachRefusal(t.tgid, target, request, c.arg(3));
            if (result == 0) {
                boolean seized = request == PtraceEmulation.SEIZE;
                ptrace.attach(target.tid(), t.tgid, seized, parentOf(target.tgid) == t.tgid,
                        seized ? (int) c.arg(3) : 0);
                if (!seized) { // ATTACH stops it with SIGSTOP, sent by the kernel
                    byte[] info = new byte[128];
                    ByteBuffer.wrap(info).order(ByteOrder.LITTLE_ENDIAN).putInt(0, SIGSTOP).putInt(8,
                            Siginfo.SI_KERNEL);
                    signal(target, SIGSTOP, info);
                }
            } else if (result == -22) {
                refusedOptions(c.arg(3));
            } else if (target == null && (int) c.arg(1) > 0
                    && Files.exists(Path.of("/proc", Long.toString(c.arg(1))))) {
                result = -1; // EPERM: jrr does not trace it
                note("attaching to a process outside the recording (" + c.arg(1) + ")", "jrr can only emulate"
                        + " ptrace between the tasks it records): the program was told EPERM");
            }
        } else {
            PtraceEmulation.Answer a = ptrace.request(t.tgid, t, c, target);
            result = a.result();
            if (request == PtraceEmulation.SETOPTIONS && result == -22) {
                refusedOptions(c.arg(3));
            }
            if (a.traceeWrite() != null) { // the tracee is held: its memory changes here in replay too
                if (target.inSyscall) {
                    session.frameEntry(target);
                }
                session.memoryChanged(target.tid(), a.traceeWrite());
            }
            switch (a.after()) {
                case PtraceEmulation.After.Resume r -> letGo(t, target, r);
                case PtraceEmulation.After.SetRegisters sr -> result = setRegisters(target, sr.regs());
                case PtraceEmulation.After.Step st -> step(target);
                case PtraceEmulation.After.Kill k -> linux.killQuietly(k.tid(), SIGKILL);
                case PtraceEmulation.After.Interrupt i -> interrupt(target);
                case PtraceEmulation.After.Nothing n -> {
                }
            }
        }
        session.skip(t, regs, result);
        return true;
    }

    /**
     * A tracee its tracer continued: what it was held at goes on when the scheduler picks it; a signal passed on is
     * sent again (with the siginfo the kernel would give it) and delivered, recorded, at the stop it makes at once.
     */
    private void letGo(RecordTask tracer, RecordTask tracee, PtraceEmulation.After.Resume r) throws IOException {
        PtraceEmulation.Tracee state = ptrace.tracee(tracee.tid());
        if (state != null && state.syscalls && !state.unbuffered) {
            state.unbuffered = true;
            if (tracee.inSyscall) {
                session.frameEntry(tracee);
            }
            if (session.bufferNothing(tracee) instanceof MemWrite off) {
                session.memoryChanged(tracee.tid(), off); // every syscall of it is to stop: none is buffered
            }
        }
        if (r.sig() != 0) {
            byte[] info = r.stop().siginfo() != null && Siginfo.parse(r.stop().siginfo()).signo() == r.sig()
                    ? r.stop().siginfo() : Siginfo.user(r.sig(), tracer.tgid, uidOf(tracer.tid()));
            signal(tracee, r.sig(), info);
        }
        letGo(tracee);
    }

    /** {@code t} goes on from where it was held when the scheduler picks it. */
    private void letGo(RecordTask t) {
        Continuation c = holding.remove(t.tid());
        letGo.put(t.tid(), c != null ? c : () -> session.runUser(t));
        t.parked = true; // ready for the scheduler; what it does is the continuation
        t.parkedSig = 0;
        session.ready(t);
    }

    /** SETREGS or POKEUSER on held {@code t}: its registers change here in replay too. The result, or -errno. */
    private long setRegisters(RecordTask t, Registers regs) throws IOException {
        if (t.inSyscall && regs.origAx() != t.entryRegs.origAx()) {
            // which syscall it makes is jrr's to know at its entry: a sandbox that rewrites calls is not emulated
            note("a tracer changing which syscall its tracee makes", "jrr must know the call it records): the"
                    + " program was told EIO");
            return -5;
        }
        try {
            t.task.setRegs(regs);
        } catch (RuntimeException e) {
            return -5; // the kernel refused them (a bad segment selector): EIO, as it answers
        }
        if (t.inSyscall) {
            session.frameEntry(t);
            t.entryRegs = regs;
        } else {
            t.resumedAt = regs;
        }
        session.append(t, new PtraceEvent(PtraceEvent.Action.SET_REGISTERS, 0, regs));
        return 0;
    }

    /**
     * SINGLESTEP of held {@code t}, standing in its own code (not at a syscall instruction): it executes one
     * instruction now, recorded as a step, and stops with SIGTRAP. Any other outcome (a fault, a trapped rdtsc, a
     * signal that came first, its end) is handled by jrr's loop as any stop; a step still due then stops it when it
     * next runs its own code.
     */
    private void step(RecordTask t) throws IOException {
        PtraceEmulation.Tracee s = ptrace.tracee(t.tid());
        holding.remove(t.tid());
        Registers before = t.task.regs();
        t.resumedAt = before;
        t.task.resume(Ptrace.SINGLESTEP, 0);
        WaitStatus st = t.task.waitStop();
        if (st.stopped() && st.stopSignal() == SIGTRAP && st.ptraceEvent() == 0 && !st.syscallStop()
                && !t.task.regs().equals(before)) {
            Registers after = t.task.regs();
            session.append(t, new PtraceEvent(PtraceEvent.Action.STEP, 0, after));
            t.resumedAt = after;
            hold(t, PtraceEmulation.Stop.signal(SIGTRAP, t.task.siginfo()), () -> session.runUser(t));
            return;
        }
        s.stepDue = true;
        session.requeue(t, st);
    }

    private void signal(RecordTask t, int sig, byte[] info) {
        t.inFlight.put(sig, info);
        linux.tgkill(t.tgid, t.tid(), sig);
    }

    /**
     * INTERRUPT: a tracee waiting for its turn stops now, where it was resumed; one running its own code is
     * interrupted (the point recorded as a switch) and stops there; one in a syscall stops when it returns.
     */
    private void interrupt(RecordTask t) throws IOException {
        if (t.parked && t.parkedSig == 0 && !t.inSyscall) {
            session.unready(t);
            t.parked = false;
            hold(t, PtraceEmulation.Stop.event(PtraceEmulation.EVENT_STOP, PtraceEmulation.Kind.INTERRUPT),
                    () -> session.runUser(t));
        } else if (!t.inSyscall && !holding.containsKey(t.tid()) && !letGo.containsKey(t.tid())) {
            session.interrupt(t);
        }
    }

    /** A wait4 of {@code t} at its entry: answered when a stop of a tracee waits for it; parked when one may come. */
    private boolean waits(RecordTask t, Registers regs) throws IOException {
        if (answeredWait(t, regs)) {
            return true;
        }
        SyscallCall c = session.call(regs);
        long pid = pidOf(c);
        if ((c.arg(2) & WNOHANG) == 0 && ptrace.mayStop(t.tgid, pid)) {
            // it waits for a stop only jrr can report: it stays at its entry, blocked, until one comes
            parkedWaits.add(t);
            t.blocked = true;
            session.block(t);
            return true;
        }
        return false;
    }

    /** Answers {@code t}'s wait4 (at its entry) with a tracee's stop, if one waits for it. */
    private boolean answeredWait(RecordTask t, Registers regs) throws IOException {
        SyscallCall c = session.call(regs);
        int[] stop = ptrace.takeStop(t.tgid, pidOf(c));
        if (stop == null) {
            return false;
        }
        writeStatus(t, c, stop[1]);
        if (c.arg(3) != 0) {
            t.task.memory().write(c.arg(3), new byte[144]); // struct rusage: jrr reports none
        }
        session.skip(t, regs, stop[0]);
        return true;
    }

    private static void writeStatus(RecordTask t, SyscallCall c, int status) throws IOException {
        if (c.arg(1) != 0) {
            t.task.memory().write(c.arg(1), ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(status)
                    .array());
        }
    }

    private static long pidOf(SyscallCall c) {
        return (int) c.arg(0) > 0 ? (int) c.arg(0) : -1;
    }

    /**
     * At the exit of {@code t}'s wait4: one jrr woke for a tracee's stop returns that stop instead of starting
     * again (its result, or null).
     */
    Long interruptedWait(RecordTask t, Registers exitRegs) throws IOException {
        if (!interruptedWaits.remove(t.tid()) || !org.jrr.kernel.sched.Restarts.isRestart(exitRegs.ax())) {
            return null;
        }
        // where the kernel would have stored the status: a pointer jrr redirected to scratch memory is copied back
        SyscallCall c = session.call(exitRegs);
        int[] stop = ptrace.takeStop(t.tgid, pidOf(c));
        if (stop == null) {
            return null;
        }
        writeStatus(t, c, stop[1]);
        return (long) stop[0];
    }

    // ---- the tracees' stops

    /** Whether signal {@code sig} of {@code t}, at the point it was resumed, stops it for its tracer: held then. */
    boolean holdsAtSignal(RecordTask t, int sig, byte[] info) throws IOException {
        if (sig == SIGKILL || !ptrace.stops(t.tid(), sig)) {
            return false;
        }
        hold(t, PtraceEmulation.Stop.signal(sig, info), () -> session.runUser(t));
        return true;
    }

    /**
     * A fault of {@code t}'s own instruction (a breakpoint's int3, a bad access): a traced task stops there for its
     * tracer, which decides whether it is delivered. Recorded as the point the task ran to; not delivered yet.
     */
    boolean holdsAtFault(RecordTask t, int sig, byte[] info, Registers regs) throws IOException {
        if (sig == SIGKILL || !ptrace.stops(t.tid(), sig)) {
            return false;
        }
        session.append(t, new PtraceEvent(PtraceEvent.Action.FAULT, sig, regs));
        t.resumedAt = regs; // delivered, if its tracer passes it on, at this point as an asynchronous one
        hold(t, PtraceEmulation.Stop.signal(sig, info), () -> session.runUser(t));
        return true;
    }

    /**
     * At {@code t}'s syscall entry, before jrr looks at it: a stop INTERRUPT asked for, or the syscall-entry stop of
     * a tracee resumed with PTRACE_SYSCALL. {@code then} carries on with the syscall.
     */
    boolean holdsAtEntry(RecordTask t, Continuation then) throws IOException {
        PtraceEmulation.Tracee s = ptrace.tracee(t.tid());
        if (s == null) {
            return false;
        }
        if (s.interruptDue) {
            hold(t, PtraceEmulation.Stop.event(PtraceEmulation.EVENT_STOP, PtraceEmulation.Kind.INTERRUPT),
                    () -> {
                        if (!holdsAtEntry(t, then)) {
                            then.run();
                        }
                    });
            return true;
        }
        if (s.syscalls) {
            s.exitDue = true;
            hold(t, syscallStop(s, PtraceEmulation.Kind.SYSCALL_ENTRY), then);
            return true;
        }
        return false;
    }

    private static PtraceEmulation.Stop syscallStop(PtraceEmulation.Tracee s, PtraceEmulation.Kind kind) {
        int sig = SIGTRAP | (s.has(PtraceEmulation.O_TRACESYSGOOD) ? 0x80 : 0);
        return new PtraceEmulation.Stop((sig << 8) | 0x7f, null, kind);
    }

    /**
     * Before {@code t} runs its own code again (after a syscall, a signal, a trap; where replay finds it): the
     * syscall-exit stop of a syscall reported at its entry, or a stop INTERRUPT asked for. {@code then} runs on.
     */
    boolean holdsBeforeRunning(RecordTask t, Registers regs, Continuation then) throws IOException {
        PtraceEmulation.Tracee s = ptrace.tracee(t.tid());
        if (s == null || !s.exitDue && !s.interruptDue && s.startStop == null && s.eventDue == 0 && !s.stepDue
                && !s.vforkDoneDue) {
            return false;
        }
        t.resumedAt = regs;
        Continuation next = () -> {
            if (!holdsBeforeRunning(t, t.task.regs(), then)) {
                then.run();
            }
        };
        if (s.startStop != null) {
            PtraceEmulation.Stop start = s.startStop;
            s.startStop = null;
            hold(t, start, next);
        } else if (s.eventDue != 0) {
            int event = s.eventDue;
            s.eventDue = 0;
            hold(t, PtraceEmulation.Stop.event(event, PtraceEmulation.Kind.CLONE), next);
        } else if (s.vforkDoneDue) {
            s.vforkDoneDue = false;
            hold(t, PtraceEmulation.Stop.event(PtraceEmulation.EVENT_VFORK_DONE, PtraceEmulation.Kind.CLONE), next);
        } else if (s.exitDue) {
            s.exitDue = false;
            hold(t, syscallStop(s, PtraceEmulation.Kind.SYSCALL_EXIT), next);
        } else if (s.stepDue) {
            byte[] info = Siginfo.user(SIGTRAP, 0, 0);
            ByteBuffer.wrap(info).order(ByteOrder.LITTLE_ENDIAN).putInt(8, TRAP_TRACE);
            hold(t, PtraceEmulation.Stop.signal(SIGTRAP, info), next); // the step over a syscall, or into a handler
        } else {
            hold(t, PtraceEmulation.Stop.event(PtraceEmulation.EVENT_STOP, PtraceEmulation.Kind.INTERRUPT), then);
        }
        return true;
    }

    /**
     * {@code parent} made {@code child} (PTRACE_EVENT_{@code event}): a tracer that follows such children traces it
     * from its first instruction.
     */
    void cloned(RecordTask parent, RecordTask child, int event) {
        PtraceEmulation.Tracee p = ptrace.tracee(parent.tid());
        boolean tracersChild = p != null && child.tgid == child.tid() && parentOf(child.tid()) == p.tracer;
        ptrace.cloned(parent.tid(), child.tid(), event, tracersChild);
    }

    /** Whether a stop INTERRUPT asked for waits for {@code t}: a point where it is interrupted is recorded. */
    boolean interruptDue(RecordTask t) {
        PtraceEmulation.Tracee s = ptrace.tracee(t.tid());
        return s != null && s.interruptDue;
    }

    /** After {@code t}'s exec, recorded: the SIGTRAP (or PTRACE_EVENT_EXEC stop) of a traced task. */
    boolean holdsAtExec(RecordTask t, int formerTid, Continuation then) throws IOException {
        PtraceEmulation.Tracee s = ptrace.tracee(t.tid());
        if (s == null) {
            return false;
        }
        t.resumedAt = t.task.regs();
        if (s.has(PtraceEmulation.O_TRACEEXEC)) {
            s.eventMessage = formerTid;
            hold(t, PtraceEmulation.Stop.event(PtraceEmulation.EVENT_EXEC, PtraceEmulation.Kind.EXEC), then);
        } else if (s.seized) {
            byte[] info = Siginfo.user(SIGTRAP, t.tgid, uidOf(t.tid()));
            hold(t, PtraceEmulation.Stop.signal(SIGTRAP, info), then); // the SIGTRAP a seized task gets
        } else {
            hold(t, new PtraceEmulation.Stop((SIGTRAP << 8) | 0x7f, null, PtraceEmulation.Kind.EXEC), then);
        }
        return true;
    }

    /** At {@code t}'s exit stop: with PTRACE_O_TRACEEXIT, held there; {@code then} lets it end. */
    boolean holdsAtExit(RecordTask t, long status, Continuation then) throws IOException {
        PtraceEmulation.Tracee s = ptrace.tracee(t.tid());
        if (s == null || !s.has(PtraceEmulation.O_TRACEEXIT) || s.held != null || holding.containsKey(t.tid())) {
            return false;
        }
        s.eventMessage = status;
        s.options &= ~PtraceEmulation.O_TRACEEXIT; // once
        hold(t, PtraceEmulation.Stop.event(PtraceEmulation.EVENT_EXIT, PtraceEmulation.Kind.EXIT), then);
        return true;
    }

    /** {@code t} stops for its tracer: held, and the tracer's wait learns of it. */
    private void hold(RecordTask t, PtraceEmulation.Stop stop, Continuation then) throws IOException {
        ptrace.stopped(t.tid(), stop);
        ptrace.tracee(t.tid()).stepDue = false; // any stop ends a step
        holding.put(t.tid(), then);
        session.stopped(t);
        notifyTracer(ptrace.tracer(t.tid()), t, CLD_TRAPPED, stop.status() >> 8);
    }

    /**
     * A stop or end waits for thread group {@code tracer}: its waits parked at their entry are answered; a wait
     * sleeping in the kernel, which knows nothing of the stop, is woken (jrr's interrupt, which no signal mask
     * holds off) and returns the stop instead of starting again ({@link #interruptedWait}); the tracer gets
     * SIGCHLD, as from a tracee it really traces.
     */
    private void notifyTracer(int tracer, RecordTask t, int code, int status) throws IOException {
        for (RecordTask w : List.copyOf(parkedWaits)) {
            if (w.tgid == tracer && answeredWait(w, w.entryRegs)) {
                parkedWaits.remove(w);
            }
        }
        for (RecordTask w : session.tasks()) {
            // in the kernel, whether or not jrr has found it asleep yet; one with WNOHANG returns by itself
            if (w.tgid == tracer && w.inSyscall && !parkedWaits.contains(w) && !holding.containsKey(w.tid())
                    && (session.call(w.entryRegs).arg(2) & WNOHANG) == 0
                    && session.syscallName(w.entryRegs.origAx()).equals("wait4")
                    && ptrace.reportable(tracer, pidOf(session.call(w.entryRegs)))
                    && interruptedWaits.add(w.tid())) {
                session.wake(w);
            }
        }
        if (session.task(tracer) instanceof RecordTask leader && !leader.exitRecorded) {
            byte[] chld = Siginfo.user(SIGCHLD, t.tgid, uidOf(t.tid()));
            ByteBuffer.wrap(chld).order(ByteOrder.LITTLE_ENDIAN).putInt(8, code).putInt(24, status);
            if (leader.inFlight.putIfAbsent(SIGCHLD, chld) == null) {
                linux.tgkill(leader.tgid, leader.tid(), SIGCHLD);
            }
        }
    }

    /**
     * {@code t} has ended with wait status {@code status}: it traces nothing and is traced by nobody. A tracer that
     * is not its parent learns of the end from jrr; a wait parked for it goes to the kernel.
     */
    void ended(RecordTask t, int status) throws IOException {
        PtraceEmulation.Tracee traced = ptrace.tracee(t.tid());
        int tracer = traced == null ? -1 : traced.tracer;
        ptrace.gone(t.tid());
        holding.remove(t.tid());
        letGo.remove(t.tid());
        if (traced != null && !traced.child && session.task(tracer) != null) {
            ptrace.exited(t.tid(), tracer, status);
            boolean killed = (status & 0x7f) != 0;
            notifyTracer(tracer, t, killed ? CLD_KILLED : CLD_EXITED, killed ? status & 0x7f : status >> 8 & 0xff);
        }
        if (tasksLeft(t.tgid) == 0) {
            for (int tid : ptrace.killedWith(t.tgid)) {
                linux.killQuietly(tid, SIGKILL); // PTRACE_O_EXITKILL
            }
            for (int tid : ptrace.release(t.tgid)) {
                if (session.task(tid) instanceof RecordTask tracee) {
                    letGo(tracee); // as at PTRACE_DETACH
                }
            }
        }
        for (RecordTask w : List.copyOf(parkedWaits)) {
            if (w == t) {
                parkedWaits.remove(w);
            } else if (ptrace.reportable(w.tgid, pidOf(session.call(w.entryRegs)))) {
                parkedWaits.remove(w);
                answeredWait(w, w.entryRegs);
            } else if (w.tgid == tracer || !ptrace.mayStop(w.tgid, pidOf(session.call(w.entryRegs)))) {
                parkedWaits.remove(w); // the kernel's wait reports the end
                session.resumeSyscall(w);
            }
        }
    }

    private int tasksLeft(int tgid) {
        return (int) session.tasks().stream().filter(o -> o.tgid == tgid && !o.exitRecorded).count();
    }

    /** Notes the ptrace options of {@code options} that are not emulated (the request fails with EINVAL). */
    private void refusedOptions(long options) {
        String[] names = {"TRACESYSGOOD", "TRACEFORK", "TRACEVFORK", "TRACECLONE", "TRACEEXEC", "TRACEVFORKDONE",
            "TRACEEXIT", "TRACESECCOMP"};
        List<String> refused = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((options & ~(long) PtraceEmulation.EMULATED_OPTIONS & 1L << bit) != 0) {
                refused.add(bit < names.length ? "PTRACE_O_" + names[bit] : bit == 21 ? "PTRACE_O_SUSPEND_SECCOMP"
                        : "bit " + bit);
            }
        }
        note("ptrace option " + String.join(", ", refused), "its ptrace emulation has no seccomp stops): the"
                + " program was told EINVAL");
    }

    /** A one-line note, once for each {@code what}; {@code rest} says why and what the program saw. */
    private void note(String what, String rest) {
        if (noted.add(what)) {
            diagnostics.println("jrr: note: " + what + " is not supported under jrr (" + rest);
        }
    }

    /** The real user id of {@code tid}, from /proc, or 0. */
    static int uidOf(int tid) {
        String uid = statusField(tid, "Uid:");
        return uid == null ? 0 : Integer.parseInt(uid.split("\\s+")[0]);
    }

    /** The thread group of {@code tid}'s parent, from /proc, or -1. */
    static int parentOf(int tid) {
        String ppid = statusField(tid, "PPid:");
        return ppid == null ? -1 : Integer.parseInt(ppid);
    }

    private static String statusField(int tid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(tid), "status"))) {
                if (line.startsWith(name)) {
                    return line.substring(name.length()).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return null;
    }
}
