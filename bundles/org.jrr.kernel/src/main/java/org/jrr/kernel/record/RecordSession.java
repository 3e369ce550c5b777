package org.jrr.kernel.record;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jrr.api.JrrException;
import org.jrr.api.arch.Arch;
import org.jrr.api.arch.Registers;
import org.jrr.api.hpc.HpcProvider;
import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.Refusal;
import org.jrr.api.syscall.ReplayAction;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.syscall.SyscallHandler;
import org.jrr.api.trace.CloneEvent;
import org.jrr.api.trace.Event;
import org.jrr.api.trace.ExecEvent;
import org.jrr.api.trace.ExitEvent;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.MemWrite;
import org.jrr.api.trace.SchedEvent;
import org.jrr.api.trace.SignalEvent;
import org.jrr.api.trace.SyscallEntryEvent;
import org.jrr.api.trace.SyscallEvent;
import org.jrr.api.trace.TrapEvent;
import org.jrr.api.trace.TraceWriter;
import org.jrr.kernel.exec.ExecSnapshot;
import org.jrr.kernel.exec.MapsEntry;
import org.jrr.kernel.exec.VdsoPatcher;
import org.jrr.kernel.sched.MemoryDigest;
import org.jrr.kernel.sched.Restarts;
import org.jrr.kernel.services.KernelServices;
import org.jrr.kernel.syscall.Refused;
import org.jrr.kernel.syscall.OutputDigest;
import org.jrr.kernel.task.Launcher;
import org.jrr.kernel.task.ProcState;
import org.jrr.kernel.task.RemoteSyscalls;
import org.jrr.kernel.task.ReservedPages;
import org.jrr.kernel.task.SignalFrames;
import org.jrr.kernel.task.SignalState;
import org.jrr.kernel.task.Siginfo;
import org.jrr.kernel.task.SyscallArgs;
import org.jrr.kernel.task.Task;
import org.jrr.kernel.ticks.TaskTicks;
import org.jrr.kernel.trap.InstructionTraps;
import org.jrr.linux.Linux;
import org.jrr.linux.LinuxException;
import org.jrr.linux.Ptrace;
import org.jrr.linux.WaitStatus;

/**
 * One recording of a process tree. Every syscall of every task is trapped with PTRACE_SYSCALL and stored with its
 * registers and the memory it wrote; rdtsc and cpuid trap and are emulated; exec snapshots the new address space.
 *
 * <p>Only one task runs its own code at a time (see {@link Scheduler}), so the order of the frames is an order in
 * which replay can run the same code. A task in a syscall that takes long is let be while others run; if its code
 * before the syscall has not been framed by then, a syscall-entry frame fixes its place. Signals that arrive
 * while a task runs its own code are taken back and sent again at its next syscall, where replay can deliver them
 * at the same point. Runs on the tracer thread.
 */
final class RecordSession {
    static final int SIGTRAP = 5, SIGSEGV = 11, SIGKILL = 9, SIGSTOP = 19;
    private static final int ARCH_SET_CPUID = 0x1012, SYS_ARCH_PRCTL = 158, SYS_MMAP = 9;
    private static final long MAP_PRIVATE_ANONYMOUS = 0x22, MAP_FIXED_NOREPLACE = 0x100000, MAP_FIXED = 0x10;
    private static final long PROT_READ_EXEC = 5;
    private static final long SHM_RDONLY = 010000;
    private static final int MAX_OUTPUT = 1 << 28;
    private static final long FLUSH_BEFORE_BLOCKING_NS = 50_000_000L;
    /** How long a task in a syscall is waited for, while others are ready, before they run meanwhile. */
    private static final long SYSCALL_PATIENCE_NS = 2_000_000L;
    /**
     * How long a task may run its own code without a syscall while another task is ready or a signal waits for
     * it, before it is interrupted at a best-effort point.
     */
    private static final long SPIN_SLICE_NS = 10_000_000L;
    /**
     * With a counting tick provider: the ticks (retired conditional branches) a task may run without syscalls
     * while another task is ready, before the counter interrupts it at an exact point (rr's default too).
     */
    static final long SLICE_TICKS = 250_000;
    /** si_code of the signal a perf counter's overflow sends. */
    private static final int POLL_IN = 1;
    private static final int ECHILD = 10, WNOHANG = 1;
    private static final int PTRACE_LISTEN = 0x4208;
    /** How long a write may take before others run though it does not wait (I/O on a slow disk). */
    private static final long WRITE_PATIENCE_NS = 50_000_000L;
    private static final Set<String> ORDERED_WRITES = Set.of("write", "writev", "pwritev2", "sendto", "sendmsg",
            "sendmmsg", "splice", "tee", "vmsplice", "sendfile");
    private static final Set<String> OPENS = Set.of("open", "openat", "openat2");
    private static final Set<Integer> STOP_SIGNALS = Set.of(19, 20, 21, 22); // STOP TSTP TTIN TTOU
    private static final int PRIO_PROCESS = 0;

    private final KernelServices services;
    private final HpcProvider hpc;
    private final Linux linux;
    private final Arch arch;
    private final TraceWriter writer;
    private final PrintStream diagnostics;
    /** Files already named by a warning about sharing that replay cannot reproduce. */
    private final java.util.Set<String> sharingWarned = new java.util.HashSet<>();
    /** The SysV segments attached so far (by shmid). */
    private final java.util.Set<Long> attachedSegments = new java.util.HashSet<>();
    /** Memory shared through files: what replay needs to show every shared mapping as recorded. */
    private final SharedMemory sharing;
    /** The syscall buffer, or null: every syscall is traced. */
    private final Buffering buffering;
    private final Set<String> warned = new HashSet<>();
    private final int self = (int) ProcessHandle.current().pid();
    private final Set<Integer> live = ConcurrentHashMap.newKeySet();
    private volatile boolean interrupted;
    private boolean waitForAll;
    /** The first process has ended, and the recording with it: what is left is killed, and what it makes. */
    private boolean rootGone;

    private final Map<Integer, RecordTask> tasks = new LinkedHashMap<>();
    /** Stops of tasks whose creation has not been handled yet (a child can report before its parent). */
    private final Map<Integer, ArrayDeque<WaitStatus>> unclaimed = new HashMap<>();
    /** Whether jrr traps cpuid (CPUID faulting): the program's own ARCH_SET_CPUID is then jrr's to answer. */
    private boolean cpuidTrapped;
    /** Tasks that trace others (ptrace between tasks of the recording), served by jrr. */
    private final Tracers tracers;
    /** Processes that opened a process's memory file (/proc/PID/mem): their writes may change memory. */
    private final Set<Integer> memoryFileOpeners = new HashSet<>();
    /** Tasks in a long syscall whose entry is not in the trace yet, in the order they entered. */
    private final List<RecordTask> unframed = new ArrayList<>();
    private final Scheduler scheduler = new Scheduler();
    /** The task resumed last (into its own code or a syscall): its next stop is handled before anything else. */
    private RecordTask running;
    private RecordTask lastRan;
    private int root;
    private Integer rootStatus;
    private long frameNumber;
    private long bestEffortPoints;
    private long lastFlush = System.nanoTime();

    RecordSession(KernelServices services, HpcProvider hpc, Arch arch, TraceWriter writer, PrintStream diagnostics,
            Buffering buffering) {
        this.buffering = buffering;
        this.services = services;
        this.hpc = hpc;
        this.linux = services.linux();
        this.arch = arch;
        this.writer = writer;
        this.diagnostics = diagnostics;
        this.sharing = new SharedMemory(linux, arch, writer, diagnostics, buffering, () -> {
            Set<Integer> groups = new HashSet<>();
            tasks.values().forEach(t -> groups.add(t.tgid));
            return groups;
        });
        this.tracers = new Tracers(new TracersSession(), linux, diagnostics);
    }

    /** From any thread: kill every tracee; the session then ends and the trace is finalized. */
    void interrupt() {
        interrupted = true;
        for (int tid : live) {
            linux.killQuietly(tid, SIGKILL);
        }
    }

    boolean interrupted() {
        return interrupted;
    }

    /** Whether the recording waits for every process, rather than ending with the first one (as rr does). */
    void waitForAll(boolean wait) {
        this.waitForAll = wait;
    }

    /** Records until every tracee is gone; returns the root process's exit status as a shell reports it. */
    int run(Path exe, List<String> argv, List<String> env, int cpu) throws IOException {
        linux.pinCurrentThread(cpu);
        int options = Ptrace.O_TRACESYSGOOD | Ptrace.O_TRACEEXEC | Ptrace.O_TRACEEXIT | Ptrace.O_EXITKILL
                | Ptrace.O_TRACECLONE | Ptrace.O_TRACEFORK | Ptrace.O_TRACEVFORK;
        String mode = "record";
        if (buffering != null) {
            // the launcher installs a seccomp filter that lets the preload library's entry points through and
            // stops the tracee (once, before the syscall) for every other syscall
            options |= Ptrace.O_TRACESECCOMP;
            mode = "record-sb:" + java.util.Arrays.stream(buffering.setup().untracedIps())
                    .mapToObj(Long::toHexString).collect(java.util.stream.Collectors.joining(","));
        }
        int p = Launcher.start(linux, cpu, mode, exe, argv, env, options);
        root = p;
        live.add(p);
        if (interrupted) {
            linux.killQuietly(p, SIGKILL);
        }
        RecordTask first = new RecordTask(new Task(linux, p), p, 0);
        first.ticks = TaskTicks.open(hpc, p);
        tasks.put(p, first);
        running = first; // its first stop is the seize of the stopped launcher
        try {
            loop();
        } finally {
            tasks.values().forEach(RecordTask::close);
            sharing.close();
        }
        if (rootStatus == null) {
            throw new JrrException("cannot record " + exe + ": the program could not be started");
        }
        return new ExitEvent(rootStatus).shellStatus();
    }

    private void loop() throws IOException {
        while (!tasks.isEmpty()) {
            RecordTask t;
            if (running != null) {
                t = running.stops.isEmpty() ? null : running;
            } else {
                t = scheduler.next();
            }
            if (t == null) {
                if (!collect()) {
                    return;
                }
                continue;
            }
            if (t == running) {
                running = null;
            }
            dispatch(t);
        }
    }

    /** Waits for the next stop of any task and files it; false when no tracee is left. */
    private boolean collect() {
        long timeout = 0;
        boolean othersWait = false;
        if (running != null && running.started && !running.interruptRequested
                && (scheduler.hasReady() || !running.stashed.isEmpty())) {
            timeout = running.inSyscall ? SYSCALL_PATIENCE_NS : SPIN_SLICE_NS;
            othersWait = running.inSyscall && running.othersRun != RecordTask.OthersRun.AFTER_PATIENCE
                    && scheduler.hasReady();
        } else if (running != null && running.started && !running.interruptRequested && !running.inSyscall
                && sharing.forwarding(running)) {
            timeout = SPIN_SLICE_NS; // it may spin on a shadowed mapping, waiting for a change from outside
        } else if (running != null && running.interruptRequested && scheduler.hasReady()) {
            timeout = SPIN_SLICE_NS; // an interrupted task that dies meanwhile never stops for it (see below)
        }
        WaitStatus st;
        try {
            // A task in a syscall that may wait for another (a futex, a pipe) lets the others run at once: waiting
            // to see whether it blocks would cost every hand-off between threads that long.
            st = !othersWait ? linux.waitpid(-1, 0, timeout)
                    : running.othersRun != RecordTask.OthersRun.AT_ONCE ? untilAsleep(running)
                    : linux.waitpid(-1, WNOHANG);
        } catch (LinuxException e) {
            if (e.errno() == ECHILD) {
                return false;
            }
            throw e;
        }
        if (st.pid() == 0) {
            if (running.exitRecorded) {
                // Its exit may wait for something of another task: a PID namespace's init for the rest of its
                // namespace. Let them run.
                running = null;
            } else if (running.interruptRequested) {
                if (ProcState.exiting(running.tid())) {
                    running = null; // killed meanwhile (a leader waiting for its threads' exit stops): no stop comes
                }
                return true; // else its stop for jrr comes
            } else if (running.inSyscall) {
                // Its syscall takes long: it counts as blocked and the others may run meanwhile.
                running.blocked = true;
                if (!running.entryRecorded) {
                    unframed.add(running);
                }
                running = null;
            } else if (ProcState.exiting(running.tid())) {
                running = null; // killed while it ran: it stops again only to report its end
            } else {
                // It runs its own code without syscalls (a spin on memory, a long computation): stop it where it
                // is; the stop is handled in step().
                running.interruptRequested = true;
                linux.interrupt(running.tid());
            }
            return true;
        }
        RecordTask t = tasks.get(st.pid());
        if (t != null && st.stopped() && st.ptraceEvent() == Ptrace.EVENT_EXEC) {
            t = execFromThread(t, st);
        }
        if (t == null) {
            unclaimed.computeIfAbsent(st.pid(), k -> new ArrayDeque<>()).add(st);
            return true;
        }
        t.stops.add(st);
        if (t != running) {
            scheduler.ready(t);
            if (buffering != null && running != null && running.started) {
                try {
                    buffering.othersReady(running, true); // its next sched_yield comes to jrr, which lets t run
                } catch (IOException e) {
                    // gone meanwhile: its stop says so
                }
            }
        }
        return true;
    }

    /**
     * The next stop of any task, or none (pid 0) once {@code t} sleeps in its syscall: the kernel has made the
     * stores it makes before sleeping, which replay makes at the call's entry frame, before any other task runs.
     */
    private WaitStatus untilAsleep(RecordTask t) {
        boolean waiting = t.othersRun == RecordTask.OthersRun.ONCE_WAITING;
        long end = System.nanoTime() + (waiting ? WRITE_PATIENCE_NS : SYSCALL_PATIENCE_NS);
        while (true) {
            WaitStatus st = linux.waitpid(-1, WNOHANG);
            if (st.pid() != 0 || (waiting ? ProcState.waiting(t.tid()) : ProcState.sleeping(t.tid()))
                    || System.nanoTime() > end) {
                return st;
            }
            Thread.onSpinWait();
        }
    }

    private void dispatch(RecordTask t) throws IOException {
        try {
            if (!t.stops.isEmpty()) {
                step(t, t.stops.poll());
            } else if (tracers.takeLetGo(t) instanceof Tracers.Continuation c) {
                t.parked = false;
                c.run(); // its tracer let it go: what it was held at goes on
            } else if (t.parked) {
                t.parked = false;
                runUser(t, t.parkedSig, t.resumedAt);
            }
        } catch (RuntimeException e) {
            if (!gone(t, e)) {
                throw e;
            }
            // killed under us (SIGKILL, an exit_group or exec of another thread): its end is reported next
            if (running == t) {
                running = null;
            }
        }
    }

    /** Whether {@code e} only says that {@code t} died meanwhile. */
    private static boolean gone(RecordTask t, RuntimeException e) {
        if (e instanceof LinuxException l && l.noSuchProcess()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(t.tid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException unreadable) {
            return true;
        }
    }

    /** Handles one stop of {@code t}. */
    private void step(RecordTask t, WaitStatus st) throws IOException {
        if (!st.stopped()) {
            ended(t, st);
            return;
        }
        if (t.fresh) {
            t.fresh = false;
            if (st.ptraceEvent() == Ptrace.EVENT_STOP || st.stopSignal() == SIGSTOP) {
                Registers regs = t.task.regs();
                continueUser(t, 0, regs); // the attach stop of a new task: it starts at the clone's return
                return;
            }
        }
        switch (st.ptraceEvent()) {
            case Ptrace.EVENT_EXEC -> {
                t.execEventSeen = true;
                resumeSyscall(t);
            }
            case Ptrace.EVENT_EXIT -> exitStop(t);
            case Ptrace.EVENT_STOP -> {
                // WSTOPSIG does not tell jrr's interrupt from a group-stop (both may say SIGSTOP), so an interrupt
                // jrr asked for is taken to be that
                if (t.interruptRequested) {
                    t.interruptRequested = false;
                    interrupted(t);
                } else if (t.started && STOP_SIGNALS.contains(st.stopSignal())) {
                    // A group-stop (SIGSTOP, SIGTSTP...): it stays stopped, as it would untraced, until SIGCONT;
                    // LISTEN keeps it so while jrr hears of its next stop. Nothing of it runs meanwhile.
                    t.task.resume(PTRACE_LISTEN, 0);
                } else if (t.started) {
                    continueUser(t, 0, t.task.regs()); // the end of a group-stop: it runs on
                } else {
                    resumeSyscall(t); // the seize of the stopped launcher
                }
            }
            case Ptrace.EVENT_FORK, Ptrace.EVENT_VFORK, Ptrace.EVENT_CLONE -> cloned(t, st.ptraceEvent());
            case Ptrace.EVENT_SECCOMP -> {
                // with the syscall buffer, tracees run with PTRACE_CONT and stop here before each traced syscall
                if (!t.inSyscall) {
                    syscallEntry(t);
                } else {
                    resumeSyscall(t); // after the syscall-entry stop of a task resumed with PTRACE_SYSCALL
                }
            }
            case 0 -> {
                if (st.syscallStop()) {
                    if (!t.inSyscall) {
                        syscallEntry(t);
                    } else {
                        syscallExit(t);
                    }
                } else {
                    signalStop(t, st.stopSignal());
                }
            }
            default -> resumeSyscall(t);
        }
    }

    // ---- running tasks

    /** Resumes {@code t} to its next syscall stop without letting others run: it is in, or just past, a syscall. */
    private void resumeSyscall(RecordTask t) {
        t.task.resume(Ptrace.SYSCALL, 0);
        running = t;
    }

    /** {@code t} may run its own code again: it does now, or after another ready task has had its turn. */
    private void continueUser(RecordTask t, int sig, Registers regs) throws IOException {
        if (tracers.holdsBeforeRunning(t, regs, () -> continueUser(t, sig, t.task.regs()))) {
            return; // a syscall-exit stop, or one INTERRUPT asked for
        }
        t.resumedAt = regs;
        long now = System.nanoTime();
        if (t.started && scheduler.shouldSwitch(t, now)) {
            t.yielded = false;
            t.parked = true;
            t.parkedSig = sig;
            scheduler.ready(t);
            return;
        }
        runUser(t, sig, regs);
    }

    private void runUser(RecordTask t, int sig, Registers regs) throws IOException {
        t.stashed.addAll(t.task.takeDeferred()); // signals that came while jrr made syscalls in it
        frameBlocked(null);
        if (lastRan != t) {
            t.sliceStart = System.nanoTime();
            lastRan = t;
        }
        t.resumedAt = regs;
        armSlice(t);
        if (buffering != null) {
            buffering.othersReady(t, scheduler.hasReady());
        }
        // with the seccomp filter, traced syscalls stop by themselves; PTRACE_SYSCALL would stop buffered ones too.
        // A process with a filter of its own stops at every syscall's entry, before its filter acts (a filter's
        // trap or error comes before jrr's seccomp stop, which then never happens); it buffers nothing.
        t.task.resume(buffering != null && !t.deschedRestart && !t.traps.filtered() ? Ptrace.CONT : Ptrace.SYSCALL,
                sig);
        running = t;
    }

    /**
     * With a counting provider, a task that runs while others wait (or a signal waits for it) gets a slice of
     * {@link #SLICE_TICKS}: the counter interrupts it at a point replay finds exactly. The counter is
     * reprogrammed only when that need changes, not at every resume.
     */
    private void armSlice(RecordTask t) {
        if (!t.ticks.counts()) {
            return;
        }
        boolean wanted = scheduler.hasReady() || !t.stashed.isEmpty();
        if (wanted && !t.ticks.armed()) {
            t.ticks.arm(SLICE_TICKS);
        } else if (!wanted && t.ticks.armed()) {
            t.ticks.disarm();
        }
    }

    // ---- syscalls

    private void syscallEntry(RecordTask t) throws IOException {
        Registers regs = t.task.regs();
        t.enterSyscall(regs);
        t.spinning = false;
        if (!t.started) {
            resumeSyscall(t); // the launcher's execve of the program
            return;
        }
        if (buffering != null) {
            flushBuffer(t); // its buffered syscalls came before this one
            if (regs.ip() == buffering.setup().bufferedIp()) {
                // the buffered call that blocked, made again as a traced one (also after a signal restarted it)
                t.aborting = t.deschedRestart;
                t.deschedRestart = false;
            }
            org.jrr.api.syscallbuf.Request req = buffering.request(t, regs, SyscallArgs.of(arch, regs));
            if (req != null) {
                // the preload library asks jrr something: skipped by the kernel, answered at its exit
                t.reply = buffering.answer(t, req);
                t.task.setRegs(regs.with(Registers.ORIG_RAX, -1));
                t.refused = true;
                resumeSyscall(t);
                return;
            }
        }
        if (tracers.holdsAtEntry(t, () -> enterTraced(t, t.entryRegs))) {
            return; // its tracer sees the syscall first
        }
        enterTraced(t, regs);
    }

    /** The entry of a syscall jrr traces: answered here, refused, or made by the kernel and recorded at its exit. */
    private void enterTraced(RecordTask t, Registers regs) throws IOException {
        String name = arch.syscallName((int) regs.origAx());
        if (!Clones.creates(name) && !Refused.refuse(name)) {
            t.handler = services.handler(name);
        }
        if (t.handler.isPresent() && tracers.answersAtEntry(t, name, regs)) {
            return; // answered by jrr (ptrace between tasks of the recording)
        }
        Refusal refusal = Refused.refuse(name)
                ? new Refusal(Refusal.ENOSYS, name, Refused.reason(name).orElse(""))
                : !Clones.creates(name) && t.handler.isEmpty()
                        ? new Refusal(Refusal.ENOSYS, name, Refused.unhandled(name))
                        : t.handler.map(h -> h.refusal(call(regs, -Refusal.ENOSYS))).orElse(null);
        if (refusal != null) {
            // Make the kernel skip it: the program sees the error and does without (see Refused).
            if (!refusal.why().isEmpty() && warned.add(refusal.what())) {
                diagnostics.println("jrr: note: " + refusal.what() + " is not supported under jrr (" + refusal.why()
                        + "): the program was told " + (refusal.errno() == Refusal.ENOSYS ? "ENOSYS" : "errno "
                        + refusal.errno()));
            }
            t.task.setRegs(regs.with(Registers.ORIG_RAX, -1));
            t.refused = true;
            if (refusal.errno() != Refusal.ENOSYS) {
                t.reply = (long) -refusal.errno(); // the kernel's answer to a skipped call is ENOSYS
            }
            resumeSyscall(t);
            return;
        }
        Long answer = t.traps.answer(name, call(regs, -Refusal.ENOSYS), t.task, cpuidTrapped);
        if (answer != null) {
            // the program's own trap settings: the kernel keeps jrr's, the program sees its own
            t.task.setRegs(regs.with(Registers.ORIG_RAX, -1));
            t.reply = answer;
            resumeSyscall(t);
            return;
        }
        boolean mayBlock = t.handler.isPresent() && t.handler.get().mayBlock();
        if (mayBlock && System.nanoTime() - lastFlush > FLUSH_BEFORE_BLOCKING_NS) {
            // The program may wait here for long: what is recorded so far reaches the disk. Rate-limited, since
            // most reads do not block and a block per read would double their cost.
            writer.flush();
            lastFlush = System.nanoTime();
        }
        if (Refused.isExit(name)) {
            // exit and exit_group never return: recorded at entry
            append(t, new SyscallEvent((int) regs.origAx(), regs, regs, List.of(), ReplayAction.EXIT, null));
            t.entryRecorded = true;
        }
        List<org.jrr.api.syscall.OutPointer> outs = mayBlock ? t.handler.get().outPointers(call(regs, -38))
                : List.of();
        if (mayBlock && t.scratch != 0 && sharesMemory(t)) {
            t.redirects = ScratchMemory.redirect(t.task, t.scratch, arch, regs, outs);
        }
        // what the kernel writes meanwhile must land in scratch (or nowhere) for others to run before it ends
        if (mayBlock && (outs.isEmpty() || !t.redirects.isEmpty())) {
            // A write to a pipe, terminal or socket lets others run once it waits: then writes by several tasks
            // to one pipe are recorded in the order the kernel made them, which replay -a prints in
            boolean ordered = ORDERED_WRITES.contains(name);
            t.othersRun = !t.handler.get().storesWhenBlocked(call(regs, -38), t.task.memory()).isEmpty()
                    ? RecordTask.OthersRun.ONCE_ASLEEP
                    : ordered ? RecordTask.OthersRun.ONCE_WAITING : RecordTask.OthersRun.AT_ONCE;
        }
        resendStashed(t);
        resumeSyscall(t);
    }

    private void syscallExit(RecordTask t) throws IOException {
        t.inSyscall = false;
        if (t.blocked) {
            unframed.remove(t);
        }
        Registers exitRegs = t.task.regs();
        if (!t.started) {
            if (t.execEventSeen && exitRegs.ax() == 0) {
                t.started = true;
                t.addressSpace = new RecordTask.AddressSpace(t.tgid);
                t.task.addressSpaceChanged();
                t.traps.execed();
                append(t, afterExec(t.task, Files.readSymbolicLink(procExe(t)).toString()));
                knownFiles(t);
                t.ticks.execed();
            }
            continueUser(t, 0, exitRegs);
            return;
        }
        Registers entryRegs = t.entryRegs;
        int nr = (int) entryRegs.origAx();
        String name = arch.syscallName(nr);
        if (tracers.interruptedWait(t, exitRegs) instanceof Long reported) {
            t.reply = reported; // a wait jrr woke for a tracee's stop returns that stop
        }
        if (t.reply != null) {
            exitRegs = exitRegs.with(Registers.RAX, t.reply);
            t.task.setRegs(exitRegs);
        }
        SyscallCall call = call(entryRegs, exitRegs.ax());
        List<MemWrite> writes = new ArrayList<>();
        if (Clones.creates(name)) {
            for (MemRange r : Clones.parentOutputs(name, call)) {
                writes.addAll(read(t.task, r));
            }
            append(t, new SyscallEvent(nr, entryRegs, exitRegs, writes, ReplayAction.EMULATE, null));
            continueUser(t, 0, exitRegs);
            return;
        }
        Optional<SyscallHandler> handler = t.refused ? Optional.empty() : t.handler;
        ReplayAction action = handler.map(h -> h.replayAction(call)).orElse(ReplayAction.EMULATE);
        if (handler.isPresent() && !t.redirects.isEmpty()) {
            // the kernel saw the scratch pointers: its writes are there, to be copied to the program's buffers
            SyscallCall seen = call(exitRegs, exitRegs.ax());
            writes.addAll(ScratchMemory.copyBack(t.task, handler.get().outputs(seen, t.task.memory()),
                    t.redirects, MAX_OUTPUT));
        } else if (handler.isPresent()) { // a handler says what a failed call wrote (nanosleep when interrupted)
            for (MemRange r : handler.get().outputs(call, t.task.memory())) {
                writes.addAll(read(t.task, r));
            }
        }
        if (!t.redirects.isEmpty()) {
            exitRegs = ScratchMemory.restore(arch, exitRegs, t.redirects);
            t.task.setRegs(exitRegs);
            t.redirects = List.of();
        }
        if (t.aborting) {
            writes.add(buffering.abortCommit(t)); // recorded here: the library drops its record of it
            // interrupted: if the kernel restarts it after the signal, that is traced too
            t.deschedRestart = Restarts.isRestart(exitRegs.ax());
        }
        if (t.reply != null && buffering != null && buffering.emptyIfAsked(t) instanceof MemWrite emptied) {
            writes.add(emptied);
        }
        String file = null;
        org.jrr.api.trace.FileId mappedShared = null;
        if (action == ReplayAction.SHMAT) {
            SharedMemory.Mapped m = sharing.sharedObject(t, call.result(), "SysV shared memory segment "
                    + call.arg(0), (call.arg(2) & SHM_RDONLY) == 0, true);
            if (m != null) { // replay maps its one copy of the segment: every attachment shares it
                file = m.file();
                mappedShared = m.id();
            } else {
                writes.addAll(shmSegment(t.task, call.result())); // replay recreates it with these contents
                if (!attachedSegments.add(call.arg(0))) {
                    warnSharing("SysV shared memory segment " + call.arg(0), "attached again (by process " + t.tgid
                            + "), and replay gives each attachment memory of its own: only what forked children"
                            + " inherit is shared there");
                }
            }
        }
        if (action == ReplayAction.MMAP && !call.failed()) {
            SharedMemory.Mapped m = (call.arg(3) & (MapsEntry.MAP_SHARED | MapsEntry.MAP_ANONYMOUS))
                    == (MapsEntry.MAP_SHARED | MapsEntry.MAP_ANONYMOUS)
                    ? sharing.sharedObject(t, call.result(), "shared anonymous memory",
                            (call.arg(2) & MapsEntry.PROT_WRITE) != 0, false)
                    : sharing.mmapped(t, call, writes, tasks.values());
            file = m != null ? m.file() : mappedFile(t.task, call, writes);
            mappedShared = m != null ? m.id() : null;
        } else {
            sharing.afterSyscall(t, name, call, writes); // a write to a file mapped shared, a read of one; fds
        }
        if (action == ReplayAction.EXECVE && !call.failed() && t.execEventSeen) {
            t.task.addressSpaceChanged();
            t.addressSpace = new RecordTask.AddressSpace(t.tgid);
            t.scratch = 0;
            if (t.buffer != null && t.buffer.owner == t.tid()) {
                t.buffer.close();
            }
            t.buffer = null;
            int entryTid = t.formerTid != 0 ? t.formerTid : t.tid();
            t.formerTid = 0;
            frameBlocked(t); // the exec's snapshot must follow its syscall: entries of blocked tasks go first
            writer.append(new Frame(++frameNumber, entryTid, new SyscallEvent(nr, entryRegs, exitRegs, writes,
                    action, null)));
            t.traps.execed();
            append(t, afterExec(t.task, Files.readSymbolicLink(procExe(t)).toString()));
            knownFiles(t);
            t.ticks.execed();
            Registers after = t.task.regs();
            if (tracers.holdsAtExec(t, entryTid, () -> continueUser(t, 0, t.task.regs()))) {
                return; // the SIGTRAP (or exec event) of a traced task stops it for its tracer
            }
            continueUser(t, 0, after);
            return;
        }
        if (action == ReplayAction.EXECVE) {
            action = ReplayAction.EMULATE; // a failed execve changes nothing
        }
        if (MovedOutput.moves(name)) { // what the kernel moved to stdout from a file, for replay to print
            List<org.jrr.api.trace.OutputEvent> moved = MovedOutput.of(t, name, call);
            if (moved == null) {
                warnOnce(name + " to stdout", "jrr: warning: " + name + " moved " + call.result() + " bytes from a"
                        + " pipe to stdout or stderr; 'jrr replay -a' will not print them");
            } else {
                t.following.addAll(moved);
            }
        }
        if (buffering != null && !t.traps.filtered() && t.traps.filtered(name, call)
                && buffering.bufferNothing(t) instanceof MemWrite off) {
            writes.add(off); // its filter sees each syscall where the program makes it: none is buffered
        }
        if (OPENS.contains(name) && !call.failed() && ForeignWrites.memoryFile(t.tid(), call.result())) {
            memoryFileOpeners.add(t.tgid); // its writes are looked at from now on (a readlink each: not for all)
            if (buffering != null && buffering.bufferNothing(t) instanceof MemWrite off) {
                writes.add(off); // a process's memory file: each write to it is traced, for what it changes
            }
        }
        ForeignWrites.Written foreign = name.equals("process_vm_writev") || memoryFileOpeners.contains(t.tgid)
                ? ForeignWrites.of(t.tid(), name, call) : null;
        RecordTask foreignTask = null;
        if (foreign != null && foreign.pid() == t.tgid) {
            writes.addAll(foreign.writes());
        } else if (foreign != null) { // another process of the recording (one outside it changes nothing recorded)
            foreignTask = tasks.values().stream().filter(o -> o.tgid == foreign.pid() && !o.exitRecorded)
                    .findFirst().orElse(null);
        }
        long digest = handler.isPresent() ? OutputDigest.of(handler.get(), call, t.task.memory()) : -1;
        append(t, new SyscallEvent(nr, entryRegs, exitRegs, writes, action, file, digest, mappedShared));
        if (foreignTask != null) {
            writer.append(new Frame(++frameNumber, foreignTask.tid(), new org.jrr.api.trace.MemoryEvent(
                    foreign.writes())));
        }
        schedulingEffects(t, name, call);
        scratchEffects(t, name, call, exitRegs);
        continueUser(t, 0, exitRegs);
    }

    /**
     * After {@code t}'s exec: its syscall buffer learns which descriptors it kept refer to files mapped shared, and
     * to buffer nothing if the process has a seccomp filter of its own.
     */
    private void knownFiles(RecordTask t) throws IOException {
        List<MemWrite> w = new ArrayList<>(sharing.execed(t));
        if (buffering != null && t.traps.filtered() && buffering.bufferNothing(t) instanceof MemWrite off) {
            w.add(off); // the program's seccomp filter outlives the exec
        }
        if (!w.isEmpty()) {
            writer.append(new Frame(++frameNumber, t.tid(), new org.jrr.api.trace.MemoryEvent(w)));
        }
    }

    /** Prints {@code message} the first time {@code what} happens. */
    private void warnOnce(String what, String message) {
        if (warned.add(what)) {
            diagnostics.println(message);
        }
    }

    /** One warning per file whose sharing replay cannot reproduce yet (issue 13). */
    private void warnSharing(String path, String what) {
        if (sharingWarned.add(path)) {
            diagnostics.println("jrr: warning: " + path + ": " + what + "; jrr does not replay such sharing yet, and"
                    + " the replay may stop with a divergence");
        }
    }

    private SyscallCall call(Registers regs, long result) {
        return SyscallArgs.call(arch, (int) regs.origAx(), regs, result);
    }

    /** Whether another live task shares {@code t}'s address space (only then is scratch memory needed). */
    private boolean sharesMemory(RecordTask t) {
        for (RecordTask o : tasks.values()) {
            if (o != t && o.addressSpace == t.addressSpace) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps scratch memory usable: it is mapped at the first syscall exit of a task that shares its memory, and
     * forgotten where the program unmapped or mapped over it.
     */
    private void scratchEffects(RecordTask t, String name, SyscallCall call, Registers exitRegs) {
        if (!call.failed() && (name.equals("munmap") || name.equals("mmap") || name.equals("mremap"))) {
            long start = name.equals("munmap") ? call.arg(0) : call.result();
            long length = name.equals("mremap") ? call.arg(2) : call.arg(1);
            forgetScratchIn(t, start, length);
            if (name.equals("mremap")) {
                forgetScratchIn(t, call.arg(0), call.arg(1));
            }
        }
        if (t.scratch == 0 && !Restarts.isRestart(exitRegs.ax()) && sharesMemory(t)) {
            t.scratch = ScratchMemory.allocate(t.task, t.entryRegs.ip() - 2);
            if (t.scratch != 0) {
                t.addressSpace.scratch.add(new long[] {t.scratch, t.scratch + ScratchMemory.SIZE});
            }
        }
    }

    private void forgetScratchIn(RecordTask t, long start, long length) {
        for (RecordTask o : tasks.values()) {
            if (o.addressSpace == t.addressSpace && o.scratch != 0 && o.scratch < start + length
                    && start < o.scratch + ScratchMemory.SIZE) {
                o.scratch = 0;
            }
        }
        // what the program unmapped or mapped over is no longer jrr's (a partly unmapped area keeps its rest
        // listed: the digest then skips a little of the program's memory, which is harmless)
        t.addressSpace.scratch.removeIf(r -> r[0] >= start && r[1] <= start + length);
    }

    /**
     * The scratch areas in {@code t}'s address space, including those of tasks gone and those a forked child
     * inherited: never part of a memory digest (replay has none).
     */
    private long[] digestExclusions(RecordTask t) {
        // jrr's scratch areas and the syscall buffers, also of threads that are gone (the library leaves them
        // mapped): their contents are jrr's and the library's, not the program's, and replay's differ
        return scratchAreas(t);
    }

    private static long[] scratchAreas(RecordTask t) {
        return t.addressSpace.scratch.stream().flatMapToLong(java.util.Arrays::stream).toArray();
    }

    /** setpriority and sched_yield change what the scheduler does next. */
    private void schedulingEffects(RecordTask t, String name, SyscallCall call) {
        if (call.failed()) {
            return;
        }
        if (name.equals("sched_yield")) {
            t.yielded = true;
        } else if (name.equals("setpriority") && call.arg(0) == PRIO_PROCESS) {
            RecordTask target = call.arg(1) == 0 ? t : tasks.get((int) call.arg(1));
            if (target != null) {
                target.nice = (int) call.arg(2);
            }
        }
    }

    private static Path procExe(RecordTask t) {
        return Path.of("/proc", Integer.toString(t.tid()), "exe");
    }

    // ---- new tasks, exec, exit

    /** At a fork, vfork or clone event: the new task exists, stopped; it runs when the scheduler picks it. */
    private void cloned(RecordTask t, int event) throws IOException {
        int child = (int) linux.eventMessage(t.tid());
        String name = arch.syscallName((int) t.entryRegs.origAx());
        CloneEvent c = Clones.event(name, t.entryRegs, child, arch);
        append(t, c);
        t.entryRecorded = true;
        RecordTask task = new RecordTask(new Task(linux, child), c.thread() ? t.tgid : child, t.nice);
        task.addressSpace = c.sharesMemory() ? t.addressSpace : t.addressSpace.copy(child);
        task.scratch = c.sharesMemory() ? 0 : t.scratch; // a forked child has its own copy of the parent's
        if (t.buffer != null) {
            // a thread makes its own buffer; a vfork child uses its parent's meanwhile; a forked one has a copy
            if (!c.sharesMemory()) {
                task.buffer = t.buffer.copy(child);
            } else if ((c.flags() & CloneEvent.CLONE_SETTLS) == 0) {
                task.buffer = t.buffer;
            }
        }
        if (buffering != null && c.sharesMemory()
                && (c.flags() & (CloneEvent.CLONE_SETTLS | CloneEvent.CLONE_VFORK)) == 0
                && buffering.bufferNothing(t) instanceof MemWrite off) {
            // a child in the same memory and TLS that runs beside its creator (gdb's probes): both would fill one
            // syscall buffer at once, so the address space buffers nothing from now on
            writer.append(new Frame(++frameNumber, t.tid(), new org.jrr.api.trace.MemoryEvent(List.of(off))));
        }
        task.started = true;
        task.traps = t.traps.copy();
        if (memoryFileOpeners.contains(t.tgid)) {
            memoryFileOpeners.add(task.tgid); // a forked child keeps the descriptor
        }
        task.fresh = true;
        task.ticks = TaskTicks.open(hpc, child); // before it runs an instruction: its count starts at the clone
        tasks.put(child, task);
        live.add(child);
        tracers.cloned(t, task, event);
        ArrayDeque<WaitStatus> early = unclaimed.remove(child);
        if (early != null) {
            task.stops.addAll(early);
            scheduler.ready(task);
        }
        if (interrupted || rootGone) {
            linux.killQuietly(child, SIGKILL);
        }
        if (event == Ptrace.EVENT_VFORK) {
            // the parent stays in the kernel until the child execs or exits
            t.task.resume(Ptrace.SYSCALL, 0);
            t.blocked = true;
        } else {
            resumeSyscall(t);
        }
    }

    /**
     * An exec from a thread other than the leader: the kernel has ended the other threads, and the exec'ing
     * thread now reports under the leader's tid. Returns the task to file the stop under.
     */
    private RecordTask execFromThread(RecordTask leader, WaitStatus st) {
        int former = (int) linux.eventMessage(st.pid());
        if (former == st.pid()) {
            return leader;
        }
        RecordTask t = tasks.remove(former);
        if (t == null) {
            return leader;
        }
        try {
            if (leader.started && !leader.exitRecorded) {
                append(leader, new ExitEvent(0));
                leader.exitRecorded = true;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        scheduler.remove(leader);
        leader.close();
        live.remove(former);
        t.task.close();
        t.task = new Task(linux, st.pid());
        t.formerTid = former;
        tasks.put(st.pid(), t);
        if (running == leader) {
            running = t;
        }
        return t;
    }

    private void exitStop(RecordTask t) throws IOException {
        if (t.started && tracers.traced(t.tid())
                && tracers.holdsAtExit(t, linux.eventMessage(t.tid()), () -> exitStop(t))) {
            return; // PTRACE_O_TRACEEXIT: its tracer sees it first
        }
        if (t.started && !t.exitRecorded) {
            lastOfAddressSpace(t);
            append(t, new ExitEvent((int) linux.eventMessage(t.tid())));
            t.exitRecorded = true;
        }
        t.task.resume(Ptrace.CONT, 0);
        boolean othersInGroup = tasks.values().stream().anyMatch(o -> o != t && o.tgid == t.tgid);
        if ((!t.leader() || !othersInGroup) && !ProcState.namespaceInit(t.tid())) {
            // Wait for it to be gone (its clear-child-tid write done) before another task runs. A leader with
            // live threads lingers as a zombie until they end, so it is not waited for; nor is a PID namespace's
            // init, which waits for the kernel to kill and reap the rest of its namespace.
            running = t;
        }
    }

    /**
     * The first process has ended: the processes it left (a daemon it started, a child it did not wait for) are
     * killed, and their ends recorded, so the recording ends now rather than when they would.
     */
    private void killLeftBehind() {
        Set<Integer> left = new java.util.TreeSet<>();
        for (RecordTask o : tasks.values()) {
            if (!o.exitRecorded) {
                left.add(o.tgid);
            }
            linux.killQuietly(o.tid(), SIGKILL);
        }
        if (!left.isEmpty()) {
            diagnostics.println("jrr: note: the program's first process ended, and the recording with it: "
                    + left.size() + " process(es) it left running (" + left.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", ")) + ") were killed; jrr record -w waits for"
                    + " them");
        }
    }

    // ---- ptrace between tasks of the recording

    /** What {@link Tracers} may do to the session. */
    private final class TracersSession implements Tracers.Session {
        @Override
        public RecordTask task(int tid) {
            return tasks.get(tid);
        }

        @Override
        public java.util.Collection<RecordTask> tasks() {
            return tasks.values();
        }

        @Override
        public void skip(RecordTask t, Registers regs, long result) {
            t.task.setRegs(regs.with(Registers.ORIG_RAX, -1));
            t.reply = result;
            resumeSyscall(t);
        }

        @Override
        public void resumeSyscall(RecordTask t) {
            RecordSession.this.resumeSyscall(t);
        }

        @Override
        public void stopped(RecordTask t) {
            if (running == t) {
                running = null;
            }
        }

        @Override
        public void block(RecordTask t) {
            unframed.add(t);
        }

        @Override
        public void ready(RecordTask t) {
            scheduler.ready(t);
        }

        @Override
        public void unready(RecordTask t) {
            scheduler.remove(t);
        }

        @Override
        public void runUser(RecordTask t) throws IOException {
            RecordSession.this.runUser(t, 0, t.resumedAt);
        }

        @Override
        public void memoryChanged(int tid, MemWrite w) throws IOException {
            writer.append(new Frame(++frameNumber, tid, new org.jrr.api.trace.MemoryEvent(List.of(w))));
        }

        @Override
        public MemWrite bufferNothing(RecordTask t) throws IOException {
            return buffering == null ? null : buffering.bufferNothing(t);
        }

        @Override
        public SyscallCall call(Registers regs) {
            return RecordSession.this.call(regs, -Refusal.ENOSYS);
        }

        @Override
        public String syscallName(long nr) {
            return arch.syscallName((int) nr);
        }

        @Override
        public void append(RecordTask t, org.jrr.api.trace.Event e) throws IOException {
            RecordSession.this.append(t, e);
        }

        @Override
        public void frameEntry(RecordTask t) throws IOException {
            if (!t.entryRecorded) {
                frameBlocked(t);
                writer.append(new Frame(++frameNumber, t.tid(), new SyscallEntryEvent((int) t.entryRegs.origAx(),
                        t.entryRegs)));
                t.entryRecorded = true;
            }
        }

        @Override
        public void requeue(RecordTask t, WaitStatus st) {
            t.stops.add(st);
            scheduler.ready(t);
        }

        @Override
        public void wake(RecordTask t) {
            // Not an interrupt jrr waits for: the syscall-exit stop it causes is the trap the kernel reports (an
            // EVENT_STOP comes only if the syscall had ended already, and is then passed over as a group-stop's end)
            linux.interrupt(t.tid());
        }

        @Override
        public void interrupt(RecordTask t) {
            if (running == t && !t.inSyscall) {
                t.interruptRequested = true;
                linux.interrupt(t.tid());
            }
        }
    }

    /** The exit of the last task of an address space checks the files it maps shared. */
    private void lastOfAddressSpace(RecordTask t) throws IOException {
        if (sharing.active() && tasks.values().stream().noneMatch(o -> o != t && o.addressSpace == t.addressSpace
                && !o.exitRecorded)) {
            sharing.exiting(t);
        }
    }

    private void ended(RecordTask t, WaitStatus st) throws IOException {
        if (t.started && !t.exitRecorded) {
            lastOfAddressSpace(t);
            append(t, new ExitEvent(st.raw()));
            t.exitRecorded = true;
        }
        tasks.remove(t.tid());
        live.remove(t.tid());
        scheduler.remove(t);
        tracers.ended(t, st.raw());
        unframed.remove(t);
        t.close();
        if (running == t) {
            running = null;
        }
        if (t.tid() == root) {
            rootStatus = st.raw();
            if (!waitForAll) {
                rootGone = true;
                killLeftBehind();
            }
        }
    }

    /**
     * The stop of a task jrr interrupted because it ran its own code for a whole slice while another task was
     * ready or a signal waited. The point is recorded as registers plus a digest of the memory it can write, and
     * the task yields; a waiting signal is sent again, to be delivered right here.
     */
    private void interrupted(RecordTask t) throws IOException {
        Registers regs = t.task.regs();
        if (buffering != null && buffering.blockedIn(t, regs)) {
            deschedule(t); // blocked in a buffered syscall: others run while it waits, as a traced one
            return;
        }
        boolean restart = regs.origAx() >= 0 && Restarts.isRestart(regs.ax());
        if (!restart && !scheduler.hasReady() && t.stashed.isEmpty() && !tracers.interruptDue(t)) {
            // stopped only to forward changes from outside into shadowed mappings: where there are some, this point
            // is recorded, and they follow it (after what a vfork child's buffered calls wrote: no outside changes)
            long before = frameNumber;
            if (buffering != null && sharing.looksAtFlushes(t)) {
                flushBuffer(t);
            }
            java.util.List<org.jrr.api.trace.FileEvent> changes = sharing.forward(t, true);
            if (!changes.isEmpty() || frameNumber != before) {
                t.following.addAll(changes);
                schedPoint(t, regs);
            }
            continueUser(t, 0, regs);
            return;
        }
        if (regs.equals(t.resumedAt) && !restart) {
            continueUser(t, 0, regs); // it had just stopped on its own: nothing ran
            return;
        }
        schedPoint(t, regs);
        resendStashed(t);
        t.yielded = true;
        t.spinning = true;
        continueUser(t, 0, regs); // a restart, if any, happens when it runs on, as replay does it

    }

    /** Records where {@code t}, interrupted in its own code, stands: by ticks, or by registers and memory. */
    private void schedPoint(RecordTask t, Registers regs) throws IOException {
        if (t.ticks.counts()) {
            t.ticks.disarm(); // the slice is over; runUser arms the next one if others still wait
            append(t, new SchedEvent(regs, 0, new long[0], t.ticks.now(), false));
        } else {
            MemoryDigest.Digest d = MemoryDigest.capture(t.task, digestExclusions(t));
            append(t, new SchedEvent(regs, d.value(), d.ranges(), 0, true));
            bestEffortPoints++;
        }
    }

    /**
     * Signals taken back while the task ran its own code are sent again, once each: pending now, they interrupt
     * or follow the syscall the task is entering and are delivered at its exit, a point replay can find (or
     * later, when the task unblocks them, as the kernel would).
     */
    private void resendStashed(RecordTask t) {
        while (!t.stashed.isEmpty()) {
            byte[] info = t.stashed.poll();
            int sig = Siginfo.parse(info).signo();
            if (t.inFlight.putIfAbsent(sig, info) == null) {
                linux.tgkill(t.tgid, t.tid(), sig);
            }
        }
    }

    /** What the recording did about mappings of files processes outside it may write, or null. */
    String sharingSummary() {
        return sharing.summary();
    }

    /** How many switches were made at best-effort points. */
    long bestEffortPoints() {
        return bestEffortPoints;
    }

    // ---- signals

    private void signalStop(RecordTask t, int sig) throws IOException {
        byte[] raw = t.task.siginfo();
        Siginfo info = Siginfo.parse(raw);
        Registers regs = t.task.regs();
        if (!t.started) {
            runUser(t, sig == SIGSTOP ? 0 : sig, regs);
            return;
        }
        if (sig == hpc.interruptSignal() && info.code() == POLL_IN && t.ticks.counts()) {
            interrupted(t); // the tick counter's slice interrupt: jrr's, never delivered
            return;
        }
        if (buffering != null && buffering.isDesched(t, sig, info)) {
            // the desched counter: the task was switched out with a buffered syscall under way
            if (t.deschedRestart || buffering.blockedIn(t, regs)) {
                deschedule(t);
            } else {
                // it did not block (switched out for another reason, or past its syscall): stopped here, it would
                // count a switch, and signal again, at every stop while the counter is on
                buffering.disarm(t);
                runUser(t, 0, t.resumedAt);
            }
            return;
        }
        if (t.deschedRestart && buffering.blockedIn(t, regs) && !info.synchronousFault()) {
            t.stashed.add(raw); // delivered after the syscall is restarted as a traced one
            t.task.resume(Ptrace.SYSCALL, 0);
            running = t;
            return;
        }
        if (sig == SIGSEGV && info.code() == Siginfo.SI_KERNEL
                && !InstructionTraps.at(t.task).map(t.traps::faults).orElse(false)) {
            Optional<TrapEvent> trap = InstructionTraps.emulate(t.task, linux);
            if (trap.isPresent()) {
                t.task.setRegs(trap.get().after());
                append(t, trap.get());
                continueUser(t, 0, trap.get().after());
                return;
            }
            // else a general-protection fault (a non-canonical address, a privileged instruction): a fault of
            // the task's own, below
        }
        if (info.synchronousFault()) {
            if (tracers.holdsAtFault(t, sig, raw, regs)) {
                return; // its tracer decides whether it is delivered
            }
            deliver(t, sig, raw, regs, true);
            return;
        }
        if (info.sentBy(self) && t.inFlight.containsKey(sig)) {
            raw = t.inFlight.remove(sig); // our re-send of a taken-back signal: it carries the original siginfo
            linux.setSiginfo(t.tid(), raw);
        }
        if (regs.equals(t.resumedAt)) {
            // At the point where the task was resumed (a syscall exit, a trap, its start): no code of its own ran
            // since, so replay can deliver it at the same point.
            if (tracers.holdsAtSignal(t, sig, raw)) {
                return; // a stop for its tracer
            }
            deliver(t, sig, raw, regs, false);
        } else {
            t.stashed.add(raw);
            runUser(t, 0, t.resumedAt);
        }
    }

    /**
     * Records and delivers a signal. For one a handler takes, the task is stepped into the handler so the frame
     * the kernel built is recorded: replay lets its kernel deliver the signal too, then puts the recorded frame
     * and registers in place.
     */
    private void deliver(RecordTask t, int sig, byte[] info, Registers regs, boolean deterministic)
            throws IOException {
        if (SignalState.of(t.tid()).disposition(sig) != SignalState.Disposition.CAUGHT) {
            append(t, new SignalEvent(sig, info, regs, deterministic));
            runUser(t, sig, regs);
            return;
        }
        WaitStatus after = SignalFrames.enterHandler(t.task, sig);
        if (!after.stopped()) {
            append(t, new SignalEvent(sig, info, regs, deterministic));
            t.stops.addFirst(after); // killed meanwhile
            running = t;
            return;
        }
        Registers handler = t.task.regs();
        append(t, new SignalEvent(sig, info, regs, deterministic, new SignalEvent.Handler(handler,
                SignalFrames.frame(t.task, handler), SignalState.of(t.tid()).blocked())));
        if (after.stopSignal() == SIGTRAP && after.ptraceEvent() == 0 && !after.syscallStop()) {
            continueUser(t, 0, handler);
        } else {
            t.resumedAt = handler; // another signal arrived before the handler ran: it is delivered here too
            t.stops.addFirst(after);
            running = t;
        }
    }

    // ---- memory

    /** For a file mmap: stores the file in the trace. Mappings of non-files become anonymous plus contents. */
    private String mappedFile(Task task, SyscallCall call, List<MemWrite> writes) throws IOException {
        if ((call.arg(3) & MapsEntry.MAP_ANONYMOUS) != 0) {
            return null;
        }
        Path fd = Path.of("/proc", Integer.toString(task.tid()), "fd", Long.toString((int) call.arg(4)));
        Path target;
        try {
            target = Files.readSymbolicLink(fd);
        } catch (IOException e) {
            target = fd;
        }
        // a shared mapping shows the file as it is now, and the recording may change it: a copy, never a link
        boolean shared = (call.arg(3) & MapsEntry.MAP_SHARED) != 0;
        if (target.isAbsolute() && Files.isRegularFile(target) && Files.isSameFile(target, fd)) {
            return shared ? writer.addFileSnapshot(target) : writer.addFile(target);
        }
        if (Files.isRegularFile(fd)) {
            // deleted or renamed since it was opened: copied through the descriptor
            return shared ? writer.addFileSnapshot(fd) : writer.addFile(fd);
        }
        // A device or other special file: replay maps anonymous memory and writes what was visible.
        long len = (call.arg(1) + 4095) & ~4095L;
        writes.addAll(read(task, new MemRange(call.result(), len)));
        return null;
    }

    /** The contents of the SysV segment shmat attached at {@code start}: its whole mapping, from /proc. */
    private List<MemWrite> shmSegment(Task task, long start) throws IOException {
        for (MapsEntry m : MapsEntry.read(task.tid())) {
            if (m.start() == start) {
                List<MemWrite> out = new ArrayList<>();
                for (long at = start; at < m.end(); at += 1 << 20) { // read() stops at MAX_OUTPUT
                    out.addAll(read(task, new MemRange(at, Math.min(1 << 20, m.end() - at))));
                }
                return out;
            }
        }
        throw new IOException("shmat returned 0x" + Long.toHexString(start) + ", where " + task.tid()
                + " has no mapping");
    }

    private List<MemWrite> read(Task task, MemRange r) throws IOException {
        if (r.length() == 0 || r.address() == 0) {
            return List.of();
        }
        List<MemWrite> out = new ArrayList<>();
        long at = r.address();
        long left = Math.min(r.length(), MAX_OUTPUT);
        while (left > 0) {
            byte[] b = new byte[(int) Math.min(left, 1 << 20)];
            int n = task.memory().readPartial(at, b);
            if (n > 0) {
                out.add(new MemWrite(at, n == b.length ? b : java.util.Arrays.copyOf(b, n)));
            }
            if (n < b.length) {
                break;
            }
            at += n;
            left -= n;
        }
        return out;
    }

    /** After an exec: patch the vDSO, turn on CPUID faulting, and snapshot the address space. */
    private ExecEvent afterExec(Task task, String exe) throws IOException {
        VdsoPatcher.patch(task, MapsEntry.read(task.tid()));
        try (RemoteSyscalls remote = RemoteSyscalls.atIp(task)) {
            long r = remote.call(SYS_ARCH_PRCTL, ARCH_SET_CPUID, 0);
            cpuidTrapped = r == 0;
            if (r != 0 && warned.add("cpuid")) {
                diagnostics.println("jrr: note: this CPU cannot trap CPUID (no CPUID faulting), so CPUID results are"
                        + " not recorded: the trace replays on this machine only");
            }
        }
        ExecEvent exec = ExecSnapshot.capture(task, exe, arch.name(), writer);
        try (RemoteSyscalls remote = RemoteSyscalls.atIp(task)) {
            // after the snapshot: replay has its own pages there
            long r = remote.call(SYS_MMAP, ReservedPages.START, ReservedPages.END - ReservedPages.START, 0,
                    MAP_PRIVATE_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
            if (r != ReservedPages.START && warned.add("reserved")) {
                diagnostics.println("jrr: warning: the program uses addresses 0x70000000-0x70010000, which replay"
                        + " needs for itself; replaying this trace will fail");
            }
            if (r == ReservedPages.START && buffering != null) {
                // the syscall buffer's entry points, where the preload library and the seccomp filter expect them
                var setup = buffering.setup();
                long page = remote.call(SYS_MMAP, setup.pageAddress(), setup.page().length, PROT_READ_EXEC,
                        MAP_PRIVATE_ANONYMOUS | MAP_FIXED, -1, 0);
                if (page == setup.pageAddress()) {
                    task.memory().write(page, setup.page());
                }
            }
        }
        return exec;
    }

    private void append(RecordTask t, Event event) throws IOException {
        frameBlocked(t);
        if (buffering != null) {
            flushBuffer(t);
        }
        writer.append(new Frame(++frameNumber, t.tid(), event));
        arrived(t, false);
    }

    /**
     * After the frame where {@code t} arrived at its stop: what it did to files mapped shared on the way (replay
     * makes it in its copies right here), then the changes from outside forwarded now ({@code spinning}: a task that
     * runs without syscalls was stopped for that).
     */
    private void arrived(RecordTask t, boolean spinning) throws IOException {
        for (Event e : t.following) {
            writer.append(new Frame(++frameNumber, t.tid(), e));
        }
        t.following.clear();
        for (SharedMemory.Told told : sharing.told()) { // other processes learn of a file t mapped
            writer.append(new Frame(++frameNumber, told.task().tid(), told.event()));
        }
        for (org.jrr.api.trace.FileEvent e : sharing.forward(t, spinning)) {
            writer.append(new Frame(++frameNumber, t.tid(), e));
        }
    }

    /** Writes {@code t}'s buffered syscalls since its last frame, if any, as a flush frame. */
    private void flushBuffer(RecordTask t) throws IOException {
        if (t.buffer == null) {
            return;
        }
        org.jrr.api.trace.BufferFlushEvent f;
        try {
            f = buffering.flush(t);
        } catch (IOException e) {
            if (gone(t, new RuntimeException(e))) {
                return; // killed: what it buffered since its last frame is lost with it
            }
            throw e;
        }
        if (f != null) {
            frameBlocked(t);
            writer.append(new Frame(++frameNumber, t.tid(), f));
            if (sharing.looksAtFlushes(t)) {
                sharing.afterFlush(t, buffering.calls(f)); // its events follow its next frame
            }
        }
    }

    /**
     * {@code t} blocked in a buffered syscall (the desched counter's signal, or jrr's interrupt while others
     * waited): its counter is stopped, and the kernel's restart of the syscall (the signal is not delivered) is
     * stopped at with PTRACE_SYSCALL, so it is recorded as a traced syscall that may block.
     */
    private void deschedule(RecordTask t) {
        buffering.disarm(t);
        t.deschedRestart = true;
        t.task.resume(Ptrace.SYSCALL, 0);
        running = t;
    }

    /**
     * Writes the entry frames of blocked tasks (but {@code except}) whose place is not in the trace yet: their
     * code up to the syscall ran before any code that runs, and any frame that is written, from now on (a frame
     * may change memory they read).
     */
    private void frameBlocked(RecordTask except) throws IOException {
        if (unframed.isEmpty() || (unframed.size() == 1 && unframed.get(0) == except)) {
            return;
        }
        List<RecordTask> pending = new ArrayList<>(unframed);
        unframed.clear();
        for (RecordTask b : pending) {
            if (b == except) {
                unframed.add(b);
                continue;
            }
            writer.append(new Frame(++frameNumber, b.tid(), new SyscallEntryEvent((int) b.entryRegs.origAx(),
                    b.entryRegs)));
            b.entryRecorded = true;
            arrived(b, false);
        }
    }

    long frames() {
        return frameNumber;
    }
}
