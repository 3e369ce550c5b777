package org.jrr.kernel.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jrr.api.JrrException;
import org.jrr.api.arch.Arch;
import org.jrr.api.arch.Registers;
import org.jrr.api.hpc.HpcProvider;
import org.jrr.api.session.ReplayRequest;
import org.jrr.api.session.ReplayResult;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.syscall.SyscallHandler;
import org.jrr.api.syscall.WordStore;
import org.jrr.api.syscallbuf.BufferedCall;
import org.jrr.api.syscallbuf.Request;
import org.jrr.api.trace.BufferFlushEvent;
import org.jrr.api.trace.CloneEvent;
import org.jrr.api.trace.ExecEvent;
import org.jrr.api.trace.ExitEvent;
import org.jrr.api.trace.FileEvent;
import org.jrr.api.trace.MemoryEvent;
import org.jrr.api.trace.OutputEvent;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.MemWrite;
import org.jrr.api.trace.SchedEvent;
import org.jrr.api.trace.PtraceEvent;
import org.jrr.api.trace.SignalEvent;
import org.jrr.api.trace.SyscallEntryEvent;
import org.jrr.api.trace.SyscallEvent;
import org.jrr.api.trace.TraceReader;
import org.jrr.api.trace.TrapEvent;
import org.jrr.kernel.exec.MapsEntry;
import org.jrr.kernel.sched.Restarts;
import org.jrr.kernel.syscall.OutputDigest;
import org.jrr.kernel.services.KernelServices;
import org.jrr.kernel.task.Cpus;
import org.jrr.kernel.task.Launcher;
import org.jrr.kernel.task.RemoteSyscalls;
import org.jrr.kernel.task.SignalFrames;
import org.jrr.kernel.task.SignalState;
import org.jrr.kernel.task.SyscallArgs;
import org.jrr.kernel.task.Task;
import org.jrr.kernel.ticks.TaskTicks;
import org.jrr.linux.Linux;
import org.jrr.linux.Ptrace;
import org.jrr.linux.WaitStatus;

/**
 * Replays a trace to its end with PTRACE_SYSEMU: syscalls are emulated from the trace (results and memory put in
 * place) except those that shape the address space, create or end tasks, or change signal state, which run for
 * real at the recorded addresses. Frames are replayed in order, each by its own task, while all other tasks stay
 * stopped, so tasks run one at a time as they did when recorded. Signals are delivered by the kernel at the
 * recorded points, so it builds the same frames and restarts the same syscalls. Registers are compared at every
 * event. Runs on the tracer thread.
 */
final class ReplaySession {
    private static final int SIGSEGV = 11, SIGKILL = 9;
    private static final int SYS_EXECVE = 59, SYS_MMAP = 9, SYS_MUNMAP = 11, SYS_MREMAP = 25, SYS_CLONE = 56;
    private static final int SYS_RT_SIGPROCMASK = 14;
    private static final int SIG_UNBLOCK = 1, SIG_SETMASK = 2;
    private static final long MASK_SCRATCH = AddressSpaceBuilder.SCRATCH + 3072;
    /** The clone flags replay keeps: memory, handler table, TLS and the exit-time tid clear are as recorded. */
    private static final long REPLAY_CLONE_FLAGS = CloneEvent.CLONE_VM | CloneEvent.CLONE_SIGHAND
            | CloneEvent.CLONE_SETTLS | CloneEvent.CLONE_CHILD_CLEARTID;
    private static final int MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2;
    private static final long MAP_FIXED_NOREPLACE = 0x100000;
    private static final long SHM_RDONLY = 010000, SHM_EXEC = 0100000;
    private static final int O_RDONLY = 0, O_RDWR = 2;
    /** MAP_SHARED_VALIDATE's extra flags: MAP_SYNC (0x80000) has no meaning for anonymous memory. */
    private static final long MAP_NONANONYMOUS_ONLY = 0x80000;

    private final KernelServices services;
    private final HpcProvider hpc;
    private final Linux linux;
    private final Arch arch;
    private final TraceReader reader;
    private final ReplayRequest request;
    /** Descriptors whose buffered output replay could not show again, warned about once each. */
    private final java.util.Set<Long> lostEcho = new java.util.HashSet<>();
    private final Debugger debugger;
    private final Runner runner;
    private final Map<Integer, ReplayTask> tasks = new LinkedHashMap<>();
    private long gadget;
    private long event;
    private int rootTid;
    private ExitEvent exited;
    private final Snapshot start;
    /** Where the frame being replayed starts in the trace; null where the format cannot go back. */
    private TraceReader.Bookmark frameStart;
    /** The syscall buffer's page when the trace was recorded with it, else null. */
    private final BufferPage bufferPage;

    /** The emulated copies of files mapped shared: the caller's, for all the replays of one session. */
    private final EmuFs emuFs;

    ReplaySession(KernelServices services, HpcProvider hpc, Arch arch, TraceReader reader, ReplayRequest request,
            EmuFs emuFs) {
        this(services, hpc, arch, reader, request, Debugger.NONE, null, emuFs);
    }

    /** A replay that starts from {@code start} (null: from the trace's start). */
    ReplaySession(KernelServices services, HpcProvider hpc, Arch arch, TraceReader reader, ReplayRequest request,
            Debugger debugger, Snapshot start, EmuFs emuFs) {
        this.emuFs = emuFs;
        this.start = start;
        this.debugger = debugger;
        this.services = services;
        this.hpc = hpc;
        this.linux = services.linux();
        this.arch = arch;
        this.reader = reader;
        this.request = request;
        this.bufferPage = BufferPage.of(reader.header(), services);
        this.runner = new Runner(services.linux(), debugger, bufferPage == null ? 0 : bufferPage.executedIp(),
                this::execute);
    }

    ReplayResult run() throws IOException {
        try {
            long count = start == null ? begin() : resume(start);
            while (true) {
                if (debugger != Debugger.NONE) {
                    frameStart = bookmark(); // only a debugger takes snapshots
                }
                Optional<Frame> f = reader.next();
                if (f.isEmpty()) {
                    break;
                }
                event = f.get().number();
                if (f.get().event() instanceof FileEvent e && !tasks.containsKey(f.get().tid())) {
                    file(null, e); // a check at the exit of the last task that mapped it
                    count++;
                    continue;
                }
                ReplayTask t = task(f.get().tid());
                debugger.beforeFrame(t, f.get());
                replay(t, f.get());
                debugger.afterFrame(t, f.get());
                count++;
            }
            if (!reader.complete()) {
                request.diagnostics().println("jrr: the trace " + request.trace() + " was cut short: replayed "
                        + count + " events, up to where the recording stopped");
                return new ReplayResult(exited != null ? exited.shellStatus() : 1, count, false);
            }
            if (exited == null) {
                throw new JrrException("trace " + request.trace() + " ends without the program's exit");
            }
            return new ReplayResult(exited.shellStatus(), count, true);
        } catch (Divergence d) {
            throw emuFs.explain(d, markedLater());
        } finally {
            for (ReplayTask t : new ArrayList<>(tasks.values())) {
                linux.killQuietly(t.task.tid(), SIGKILL);
            }
            for (ReplayTask t : tasks.values()) {
                reap(t.task.tid());
                t.close();
            }
        }
    }

    /** Starts the program as the trace's first frame (its exec) says; returns the count of frames replayed. */
    private long begin() throws IOException {
        Optional<Frame> first = reader.next();
        if (first.isEmpty()) {
            throw new JrrException("trace " + request.trace() + " holds no events: the recording ended before its "
                    + "program started");
        }
        if (!(first.get().event() instanceof ExecEvent exec)) {
            throw new JrrException("trace " + request.trace() + " is damaged: its first event is not an exec");
        }
        int cpu = Cpus.choose(linux, reader.header().properties().get("cpu"));
        linux.pinCurrentThread(cpu);
        Path stub = linux.execStub();
        gadget = entryPoint(stub);
        int pid = Launcher.start(linux, cpu, "replay", stub, List.of("jrr-stub"), List.of(),
                Ptrace.O_TRACESYSGOOD | Ptrace.O_TRACEEXEC | Ptrace.O_TRACEEXIT | Ptrace.O_EXITKILL
                        | Ptrace.O_TRACECLONE | Ptrace.O_TRACEFORK | Ptrace.O_TRACEVFORK);
        rootTid = first.get().tid();
        emuFs.restore(Map.of()); // the start: no file is mapped shared yet
        ReplayTask root = new ReplayTask(rootTid, new Task(linux, pid), new ReplayTask.Heap(),
                new StdioEcho(request.stdout(), request.stderr()));
        tasks.put(rootTid, root);
        runToStubExec(root.task);
        event = 1;
        AddressSpaceBuilder.rebuild(root.task, gadget, exec, reader, event, bufferPage);
        root.ticks = TaskTicks.open(hpc, pid); // from here on it runs what the recording ran after its exec
        root.exe = exec.exe();
        debugger.execed(root);
        return 1;
    }

    /** Carries on from a snapshot: its tasks are copied (it stays as it is) and the trace read on from there. */
    private long resume(Snapshot s) throws IOException {
        gadget = entryPoint(linux.execStub());
        reader.seek(s.at);
        rootTid = s.rootTid;
        exited = s.exited;
        event = s.frame - 1;
        emuFs.restore(s.sharedFiles);
        for (ReplayTask t : Snapshot.copy(s.tasks, gadget, hpc, Debugger.NONE)) {
            tasks.put(t.recordedTid, t);
        }
        debugger.restored(s);
        return s.frame - 1;
    }

    private TraceReader.Bookmark bookmark() {
        try {
            return reader.bookmark();
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * A snapshot of the replay before the frame about to be replayed (for a debugger's {@link Debugger#beforeFrame}),
     * or null where none can be taken: the trace cannot be read from a frame on, or a task is on its way out or
     * shares memory without sharing its handler table (a vfork child before its exec).
     */
    Snapshot snapshot() {
        if (frameStart == null) {
            return null;
        }
        for (ReplayTask t : tasks.values()) {
            if (t.exiting || t.ownHandlers) {
                return null;
            }
        }
        Map<org.jrr.api.trace.FileId, byte[]> files;
        try {
            files = emuFs.save();
        } catch (IOException e) {
            throw new IllegalStateException("cannot save the files mapped shared: " + e.getMessage(), e);
        }
        return new Snapshot(event, frameStart, Snapshot.copy(tasks.values(), gadget, null, debugger), rootTid,
                exited, files);
    }

    /** The contents of the emulated copies of files mapped shared now (a diversion may write them). */
    Map<org.jrr.api.trace.FileId, byte[]> sharedFiles() {
        try {
            return emuFs.save();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Puts back what {@link #sharedFiles} returned. */
    void restoreSharedFiles(Map<org.jrr.api.trace.FileId, byte[]> saved) {
        try {
            emuFs.restore(saved);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The address of a syscall instruction in every replayed address space (the stub's entry). */
    long gadget() {
        return gadget;
    }

    /** The live tasks, in creation order (for a debugger). */
    java.util.Collection<ReplayTask> liveTasks() {
        return tasks.values();
    }

    private ReplayTask task(int recordedTid) {
        ReplayTask t = tasks.get(recordedTid);
        if (t == null) {
            throw new Divergence(event, "the trace has an event of task " + recordedTid + ", which does not exist"
                    + " at this point");
        }
        return t;
    }

    /** Waits (briefly) for the killed tracee to be gone, so no zombie outlives the session. */
    private void reap(int pid) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        try {
            while (System.nanoTime() < deadline) {
                WaitStatus w = linux.waitpid(pid, 1 /* WNOHANG */);
                if (w.pid() == pid && !w.stopped()) {
                    return;
                }
                if (w.pid() == pid) {
                    try {
                        linux.resume(Ptrace.CONT, pid, 0); // its exit stop: on to the end
                    } catch (RuntimeException gone) {
                        // dying already
                    }
                }
                if (w.pid() == 0) {
                    Thread.sleep(1);
                }
            }
        } catch (RuntimeException | InterruptedException e) {
            // already reaped, or we are being stopped: EXITKILL cleans up
        }
    }

    /** The launcher exec's the stub: stop at that execve's exit, where the stub has not run an instruction. */
    private void runToStubExec(Task task) {
        boolean execSeen = false;
        while (true) {
            task.resume(Ptrace.SYSCALL, 0);
            WaitStatus st = task.waitStop();
            if (!st.stopped()) {
                throw new JrrException("the replay stub could not be started (" + st + ")");
            }
            if (st.ptraceEvent() == Ptrace.EVENT_EXEC) {
                execSeen = true;
            } else if (execSeen && st.syscallStop()) {
                return;
            }
        }
    }

    private static long entryPoint(Path elf) throws IOException {
        try (InputStream in = Files.newInputStream(elf)) {
            byte[] h = in.readNBytes(32);
            return ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getLong(24);
        }
    }

    private void replay(ReplayTask t, Frame frame) throws IOException {
        if (t.restartPending && !(frame.event() instanceof SignalEvent || frame.event() instanceof SchedEvent
                || frame.event() instanceof ExitEvent || frame.event() instanceof FileEvent
                || frame.event() instanceof MemoryEvent || frame.event() instanceof OutputEvent)) {
            // the task runs on: the kernel restarts the syscall an ignored signal or a stop interrupted
            t.restartPending = false;
            t.task.setRegs(Restarts.restarted(t.task.regs()));
        }
        switch (frame.event()) {
            case SyscallEvent s -> syscall(t, s);
            case SyscallEntryEvent s -> {
                toSyscall(t, s.number(), s.entry());
                t.atEntry = true;
                // the recording saw it blocked: what the kernel stored before it slept, others see from here on
                Optional<SyscallHandler> h = services.handler(arch.syscallName(s.number()));
                for (WordStore w : h.isPresent() ? h.get().storesWhenBlocked(SyscallArgs.call(arch, s.number(),
                        s.entry(), -38), t.task.memory()) : List.<WordStore>of()) {
                    t.task.memory().write(w.address(), ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(w.value()).array());
                }
            }
            case CloneEvent c -> {
                if (!t.atEntry) {
                    toSyscall(t, c.number(), c.entry());
                    t.atEntry = true;
                }
                createTask(t, c);
            }
            case SchedEvent p -> {
                if (p.bestEffort()) {
                    new SwitchPoint(event, t, p, runner).reach();
                } else {
                    TickPoint.reach(event, t, p, hpc, st -> describe(t.task, st), runner);
                }
                checkFlushTaken(t);
                t.restartPending = true;
            }
            case TrapEvent tr -> trap(t, tr);
            case BufferFlushEvent b -> flush(t, b);
            case FileEvent f -> file(t, f);
            case MemoryEvent m -> writeAll(t.task, m.writes()); // before the task runs on
            case OutputEvent o -> t.fds.echo(o.fd(), o.data());
            case SignalEvent s -> signal(t, s);
            case PtraceEvent p -> {
                TracerEffects.replay(event, t, p, runner, st -> describe(t.task, st));
                checkFlushTaken(t);
            }
            case ExitEvent e -> exit(t, e);
            case ExecEvent e -> throw new Divergence(event, "an exec snapshot without its execve");
        }
    }

    /**
     * After a divergence: the files the rest of the trace (its next million frames) says are written from outside the
     * recording too; the recording may have found the other writer only after it had written.
     */
    private java.util.Set<String> markedLater() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        try {
            for (int i = 0; i < 1_000_000; i++) {
                Optional<Frame> f = reader.next();
                if (f.isEmpty()) {
                    break;
                }
                if (f.get().event() instanceof FileEvent e && e.outside()) {
                    out.add(e.file().path());
                }
            }
        } catch (IOException | RuntimeException e) {
            // a damaged rest: what was found
        }
        return out;
    }

    /** Makes a recorded change in the emulated copy of a file mapped shared, and checks the copy's contents. */
    private void file(ReplayTask t, FileEvent f) throws IOException {
        if (!emuFs.apply(f)) {
            throw new Divergence(event, (t != null ? t + ": " : "") + "the contents of " + f.file().path()
                    + ", mapped shared, differ here from the recording's (" + (f.outside() ? "the recording warned"
                    + " that a process outside it writes this file too" : "written by a process outside the"
                    + " recording?") + ")");
        }
    }

    /** Runs {@code t} to its next stop, which must be the entry of syscall {@code nr} with registers {@code regs}. */
    private void toSyscall(ReplayTask t, int nr, Registers regs) {
        WaitStatus st = runner.run(t, event);
        String what = "syscall " + arch.syscallName(nr);
        Registers now = st.syscallStop() ? t.task.regs() : null;
        if (now == null || bufferDivergence(t.task, now) != null) {
            throw new Divergence(event, t + ": expected " + what + ", but the program " + describe(t.task, st));
        }
        checkFlushTaken(t);
        Divergence.checkRegisters(event, t + ", the entry of " + what, regs, now);
    }

    private void syscall(ReplayTask t, SyscallEvent s) throws IOException {
        if (!t.atEntry) {
            toSyscall(t, s.number(), s.entry());
        }
        t.atEntry = false;
        Task task = t.task;
        String name = arch.syscallName(s.number());
        switch (s.action()) {
            case EMULATE -> writeAll(task, s.writes());
            case EXECUTE -> {
                long r = execute(task, s.entry());
                checkResult(s, name, r);
                writeAll(task, s.writes());
            }
            case MMAP -> mmap(task, s);
            case SHMAT -> shmat(task, s);
            case MREMAP -> mremap(task, s);
            case BRK -> brk(t, s);
            case EXECVE -> {
                execStub(t, s);
                Optional<Frame> next = reader.next();
                if (next.isEmpty() || !(next.get().event() instanceof ExecEvent exec)) {
                    throw new Divergence(event, "the trace has no exec snapshot after a successful execve");
                }
                event = next.get().number();
                if (next.get().tid() != t.recordedTid) {
                    becomeLeader(t, next.get().tid());
                }
                AddressSpaceBuilder.rebuild(t.task, gadget, exec, reader, event, bufferPage);
                t.ticks.execed();
                t.exe = exec.exe();
                debugger.execed(t);
                return;
            }
            case EXIT -> {
                runExit(t, s);
                return;
            }
        }
        task.setRegs(s.exit());
        if (s.exit().origAx() >= 0 && Restarts.isRestart(s.result())) {
            // interrupted: unless a signal frame follows, the kernel restarted it (a stop, an ignored signal)
            t.restartPending = true;
        }
        Optional<SyscallHandler> handler = services.handler(name);
        if (handler.isPresent() && s.outputDigest() >= 0
                && OutputDigest.of(handler.get(), call(s), task.memory()) != s.outputDigest()) {
            throw new Divergence(event, t + ": what it writes to " + (arch.syscallArg(s.entry(), 0) == 2 ? "stderr"
                    : "stdout") + " with " + name + " differs from what the recording wrote there (its memory"
                    + " differs)");
        }
        if (handler.isPresent()) {
            t.fds.after(handler.get(), call(s), task.memory());
        }
    }

    /**
     * A flush of the syscall buffer: its records go back into {@code t}'s buffer, where the preload library takes
     * each call's result and outputs from them as {@code t} runs on to its next frame, which checks that it took
     * them all ({@link #checkFlushTaken}).
     */
    private void flush(ReplayTask t, BufferFlushEvent f) throws IOException {
        if (bufferPage == null) {
            throw new Divergence(event, "a syscall buffer flush in a trace recorded without the syscall buffer");
        }
        int taken = bufferPage.service().committed(t.task.memory(), f.buffer());
        if (taken != f.from()) {
            throw new Divergence(event, t + ": its syscall buffer at 0x" + Long.toHexString(f.buffer()) + " holds "
                    + taken + " bytes of records, but the recording's flush starts at " + f.from());
        }
        writeAll(t.task, bufferPage.service().replayRecords(f));
        t.flush = f;
        t.flushEvent = event;
        for (BufferedCall c : t.fds.hasCopies() ? bufferPage.service().decode(f.records()) : List.<BufferedCall>of()) {
            Optional<SyscallHandler> handler = services.handler(arch.syscallName(c.number()));
            if (handler.isPresent() && t.fds.echoes(handler.get(),
                    new SyscallCall(arch.name(), c.number(), c.args(), c.result()), t.task.memory())
                    && lostEcho.add(c.args()[0])) {
                request.diagnostics().println("jrr: warning: what the program wrote to fd " + c.args()[0]
                        + " (a copy of its stdout or stderr) went through the syscall buffer and is not shown again");
            }
        }
    }

    /**
     * At {@code t}'s first frame after a flush: the library must have taken every record of it on the way, no more
     * (a call with no record stops at the buffered entry) and no fewer.
     */
    private void checkFlushTaken(ReplayTask t) {
        BufferFlushEvent f = t.flush;
        if (f == null) {
            return;
        }
        t.flush = null;
        int taken;
        try {
            taken = bufferPage.service().committed(t.task.memory(), f.buffer());
        } catch (IOException e) {
            throw new Divergence(event, t + ": its syscall buffer at 0x" + Long.toHexString(f.buffer())
                    + " cannot be read: " + e.getMessage());
        }
        if (taken != f.end()) {
            List<BufferedCall> calls = bufferPage.service().decode(f.records());
            int at = f.from(), n = 0;
            for (BufferedCall c : calls) {
                if (at + c.size() > taken) {
                    break;
                }
                at += c.size();
                n++;
            }
            throw new Divergence(event, t + " made " + n + " of the " + calls.size() + " buffered syscalls of"
                    + " event " + t.flushEvent + " before this point (the recording made them all)");
        }
    }

    /** What a stop of {@code task} at the library's divergence request says about the record it did not match. */
    private String bufferDivergence(Task task, Registers regs) {
        if (bufferPage == null) {
            return null;
        }
        if (!(bufferPage.service().request((int) regs.origAx(), SyscallArgs.of(arch, regs))
                instanceof Request.Diverged d)) {
            return null;
        }
        ReplayTask t = tasks.values().stream().filter(r -> r.task == task).findFirst().orElse(null);
        String program = arch.syscallName(d.number()) + hex(d.args()).replace(")", ", ...)") + " (differing: "
                + d.differs() + ")";
        if (t == null || t.flush == null) {
            return "made the buffered syscall " + program + ", which the recording does not have";
        }
        List<BufferedCall> calls = bufferPage.service().decode(t.flush.records());
        int at = t.flush.from();
        for (int i = 0; i < calls.size(); i++) {
            BufferedCall c = calls.get(i);
            if (at == d.offset()) {
                return "made the buffered syscall " + program + " where the recording made buffered syscall "
                        + (i + 1) + " of " + calls.size() + " of event " + t.flushEvent + ", "
                        + arch.syscallName(c.number()) + hex(c.args());
            }
            at += c.size();
        }
        return "made the buffered syscall " + program + " at record offset " + d.offset() + " of event "
                + t.flushEvent + ", where the recording has no record";
    }

    private static String hex(long[] values) {
        return java.util.Arrays.stream(values).mapToObj(v -> "0x" + Long.toHexString(v))
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }

    private static void writeAll(Task task, List<MemWrite> writes) throws IOException {
        for (MemWrite w : writes) {
            task.memory().write(w.address(), w.data());
        }
    }

    /**
     * An exec from a non-leader thread: the recording saw the thread take over its process's tid. The task that
     * had that tid is gone (the kernel ended it); the exec'ing task answers to the tid from now on.
     */
    private void becomeLeader(ReplayTask t, int tid) {
        ReplayTask old = tasks.remove(tid);
        if (old != null) {
            old.task.killAndWait();
            old.close();
        }
        tasks.remove(t.recordedTid);
        t.recordedTid = tid;
        t.recordedPid = tid;
        tasks.put(tid, t);
    }

    private SyscallCall call(SyscallEvent s) {
        return SyscallArgs.call(arch, s.number(), s.entry(), s.result());
    }

    private void checkResult(SyscallEvent s, String name, long r) {
        if (r != s.result()) {
            throw new Divergence(event, name + " returned 0x" + Long.toHexString(r) + " in replay but 0x"
                    + Long.toHexString(s.result()) + " when recorded");
        }
    }

    /** Runs the syscall the task is stopped at for real, with {@code regs}; returns its result. */
    private long execute(Task task, Registers regs) {
        long ip = regs.ip();
        try (RemoteSyscalls remote = RemoteSyscalls.at(task, ip - 2)) {
            return remote.call((int) regs.origAx(), SyscallArgs.of(arch, regs));
        }
    }

    // ---- tasks

    /**
     * A clone, fork or vfork: a real clone at the recorded point creates the task. It is a process of its own
     * (no CLONE_THREAD), a child of jrr with no exit signal, sharing memory when the recorded one did; vfork's parent is not
     * suspended, since it stays stopped until its own frames say otherwise. The tid stores the kernel made for
     * the recorded tid are made by jrr instead.
     */
    private void createTask(ReplayTask parent, CloneEvent c) throws IOException {
        // CLONE_PARENT: every replayed task is a child of jrr, so none gets SIGCHLD from another (an exec resets
        // the exit signal to SIGCHLD) and jrr reaps them all.
        long flags = (c.flags() & REPLAY_CLONE_FLAGS) | CloneEvent.CLONE_PARENT;
        if ((flags & CloneEvent.CLONE_VM) == 0) {
            flags &= ~CloneEvent.CLONE_SIGHAND;
        }
        long stack = c.stack();
        long ctid = (flags & CloneEvent.CLONE_CHILD_CLEARTID) != 0 ? c.childTidAddress() : 0;
        long r;
        boolean copies = (flags & CloneEvent.CLONE_VM) == 0;
        if (copies) {
            debugger.beforeCopy(parent);
        }
        try (RemoteSyscalls remote = RemoteSyscalls.at(parent.task, c.entry().ip() - 2)) {
            r = remote.call(SYS_CLONE, flags, stack, 0, ctid, c.tls());
        } finally {
            if (copies) {
                debugger.afterCopy(parent);
            }
        }
        if (r <= 0) {
            throw new Divergence(event, parent + " could not create task " + c.child() + " in replay: "
                    + (r < 0 && r > -4096 ? linux.strerror((int) -r) : "clone returned " + r));
        }
        Task child = new Task(linux, (int) r);
        WaitStatus st = child.waitStop();
        if (!st.stopped()) {
            throw new Divergence(event, "the replayed task " + c.child() + " ended at once (" + st + ")");
        }
        Registers regs = c.entry().with(Registers.RAX, 0);
        if (stack != 0) {
            regs = regs.with(Registers.RSP, stack);
        }
        if ((c.flags() & CloneEvent.CLONE_SETTLS) != 0) {
            regs = regs.with(Registers.FS_BASE, c.tls());
        }
        child.setRegs(regs);
        byte[] tid = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(c.child()).array();
        if ((c.flags() & CloneEvent.CLONE_CHILD_SETTID) != 0 && c.childTidAddress() != 0) {
            child.memory().write(c.childTidAddress(), tid);
        }
        long parentTid = arch.syscallArg(c.entry(), 2);
        if (c.number() == SYS_CLONE && (c.flags() & CloneEvent.CLONE_PARENT_SETTID) != 0 && parentTid != 0) {
            // the kernel stored it before either task ran on; the recording may run the child (a thread reading
            // its own pthread tid) before the creator's syscall exit, which carries the same store
            parent.task.memory().write(parentTid, tid);
        }
        ReplayTask t = new ReplayTask(c.child(), child, c.sharesMemory() ? parent.heap : parent.heap.copy(),
                (c.flags() & CloneEvent.CLONE_FILES) != 0 ? parent.fds : parent.fds.copy());
        t.ticks = TaskTicks.open(hpc, child.tid()); // before it runs an instruction, as when recorded
        t.recordedPid = c.thread() ? parent.recordedPid : c.child();
        t.clearTid = ctid;
        t.ownHandlers = c.sharesMemory() && (flags & CloneEvent.CLONE_SIGHAND) == 0;
        t.auxv = parent.auxv;
        t.exe = parent.exe;
        ReplayTask clash = tasks.put(c.child(), t);
        if (clash != null) {
            throw new Divergence(event, "task " + c.child() + " is created while a task of that tid exists");
        }
        debugger.created(t, c.sharesMemory());
    }

    // ---- memory

    private void mmap(Task task, SyscallEvent s) throws IOException {
        if (s.exit().ax() < 0 && s.exit().ax() > -4096) {
            return; // failed when recorded: nothing to redo
        }
        Registers e = s.entry();
        long addr = s.result();
        long len = arch.syscallArg(e, 1);
        long prot = arch.syscallArg(e, 2);
        long flags = arch.syscallArg(e, 3);
        long offset = arch.syscallArg(e, 5);
        try (RemoteSyscalls remote = RemoteSyscalls.at(task, e.ip() - 2)) {
            long r;
            if (s.shared() != null) { // every shared mapping of the file shows replay's one copy of it
                boolean anonymous = (flags & MapsEntry.MAP_ANONYMOUS) != 0; // its copy starts as zeros
                boolean writable = (prot & MapsEntry.PROT_WRITE) != 0;
                // the kernel's object for shared anonymous memory has the mapping's size, in whole pages
                Path copy = emuFs.path(s.shared(), anonymous ? null : reader.file(s.file()),
                        anonymous ? (len + 4095) & ~4095L : 0,
                        writable);
                // a read-only mapping of a copy no task writes stays so (mprotect cannot change that): EmuFs then
                // digests only the pages the trace's events change
                long fd = AddressSpaceBuilder.openPath(remote, task, copy, emuFs.writable(s.shared()) ? O_RDWR
                        : O_RDONLY);
                r = remote.call(SYS_MMAP, addr, len, prot, (flags & ~(MAP_FIXED_NOREPLACE | MapsEntry.MAP_ANONYMOUS))
                        | AddressSpaceBuilder.MAP_FIXED, fd, anonymous ? 0 : offset);
                remote.call(AddressSpaceBuilder.SYS_CLOSE, fd);
            } else if (s.file() != null) {
                long fd = AddressSpaceBuilder.openTraceFile(remote, task, reader, s.file());
                long f = (flags & ~(MapsEntry.MAP_SHARED | MAP_FIXED_NOREPLACE)) | MapsEntry.MAP_PRIVATE
                        | AddressSpaceBuilder.MAP_FIXED;
                r = remote.call(SYS_MMAP, addr, len, prot, f, fd, offset);
                remote.call(AddressSpaceBuilder.SYS_CLOSE, fd);
            } else {
                // Anonymous memory stays shared when it was (also a device such as /dev/zero): processes forked
                // later share it in replay as they did when recorded.
                long f = (flags & ~(MAP_FIXED_NOREPLACE | MAP_NONANONYMOUS_ONLY)) | MapsEntry.MAP_ANONYMOUS
                        | AddressSpaceBuilder.MAP_FIXED;
                if ((f & (MapsEntry.MAP_SHARED | MapsEntry.MAP_PRIVATE)) == 0) {
                    f |= MapsEntry.MAP_PRIVATE;
                }
                r = remote.call(SYS_MMAP, addr, len, prot, f, -1, 0);
            }
            checkResult(s, "mmap", r);
        }
        writeAll(task, s.writes());
    }

    /**
     * A SysV segment: replay's one copy of it (every attachment shares it), or, in a trace that has none (jrr could not
     * open the segment), shared anonymous memory with its contents, which forked children share as they did.
     */
    private void shmat(Task task, SyscallEvent s) throws IOException {
        if (s.shared() != null) {
            boolean writable = (arch.syscallArg(s.entry(), 2) & SHM_RDONLY) == 0;
            Path copy = emuFs.path(s.shared(), reader.file(s.file()), 0, writable);
            long len = (java.nio.file.Files.size(copy) + 4095) & ~4095L;
            try (RemoteSyscalls remote = RemoteSyscalls.at(task, s.entry().ip() - 2)) {
                long fd = AddressSpaceBuilder.openPath(remote, task, copy, emuFs.writable(s.shared()) ? O_RDWR
                        : O_RDONLY);
                long r = remote.call(SYS_MMAP, s.result(), len, shmProt(arch.syscallArg(s.entry(), 2)),
                        MapsEntry.MAP_SHARED | AddressSpaceBuilder.MAP_FIXED, fd, 0);
                remote.call(AddressSpaceBuilder.SYS_CLOSE, fd);
                checkResult(s, "shmat", r);
            }
            writeAll(task, s.writes());
            return;
        }
        long start = s.result(), end = start;
        for (MemWrite w : s.writes()) {
            end = Math.max(end, w.address() + w.length());
        }
        long prot = shmProt(arch.syscallArg(s.entry(), 2));
        try (RemoteSyscalls remote = RemoteSyscalls.at(task, s.entry().ip() - 2)) {
            long r = remote.call(SYS_MMAP, start, ((end - start) + 4095) & ~4095L, prot,
                    MapsEntry.MAP_SHARED | MapsEntry.MAP_ANONYMOUS | AddressSpaceBuilder.MAP_FIXED, -1, 0);
            checkResult(s, "shmat", r);
        }
        writeAll(task, s.writes()); // through /proc, which writes a read-only segment too
    }

    /** The protection shmat's {@code flags} give the segment's mapping. */
    private static long shmProt(long flags) {
        return MapsEntry.PROT_READ | ((flags & SHM_RDONLY) == 0 ? MapsEntry.PROT_WRITE : 0)
                | ((flags & SHM_EXEC) != 0 ? MapsEntry.PROT_EXEC : 0);
    }

    private void mremap(Task task, SyscallEvent s) {
        if (s.exit().ax() < 0 && s.exit().ax() > -4096) {
            return;
        }
        Registers e = s.entry();
        long old = arch.syscallArg(e, 0);
        long oldLen = arch.syscallArg(e, 1);
        long newLen = arch.syscallArg(e, 2);
        try (RemoteSyscalls remote = RemoteSyscalls.at(task, e.ip() - 2)) {
            long r = s.result() == old ? remote.call(SYS_MREMAP, old, oldLen, newLen, 0, 0)
                    : remote.call(SYS_MREMAP, old, oldLen, newLen, MREMAP_MAYMOVE | MREMAP_FIXED, s.result());
            checkResult(s, "mremap", r);
        }
    }

    /** The heap is anonymous memory at the recorded addresses: the stub's own brk area is elsewhere. */
    private void brk(ReplayTask t, SyscallEvent s) {
        long end = s.result();
        if (t.heap.end < 0) {
            t.heap.end = end;
            return;
        }
        long oldTop = (t.heap.end + 4095) & ~4095L;
        long newTop = (end + 4095) & ~4095L;
        if (newTop != oldTop) {
            try (RemoteSyscalls remote = RemoteSyscalls.at(t.task, s.entry().ip() - 2)) {
                if (newTop > oldTop) {
                    remote.check("heap growth", SYS_MMAP, oldTop, newTop - oldTop, 3,
                            MapsEntry.MAP_PRIVATE | MapsEntry.MAP_ANONYMOUS | AddressSpaceBuilder.MAP_FIXED, -1, 0);
                } else {
                    remote.check("heap shrink", SYS_MUNMAP, newTop, oldTop - newTop);
                }
            }
        }
        t.heap.end = end;
    }

    /** A recorded successful execve: exec the stub instead; the next frame says what the exec built. */
    private void execStub(ReplayTask t, SyscallEvent s) throws IOException {
        Task task = t.task;
        byte[] path = (linux.execStub().toString() + "\0").getBytes(StandardCharsets.UTF_8);
        long argv = AddressSpaceBuilder.SCRATCH + 2048;
        task.memory().write(AddressSpaceBuilder.SCRATCH, path);
        task.memory().writeLong(argv, AddressSpaceBuilder.SCRATCH);
        task.memory().writeLong(argv + 8, 0);
        try (RemoteSyscalls remote = RemoteSyscalls.at(task, s.entry().ip() - 2)) {
            long r = remote.call(SYS_EXECVE, AddressSpaceBuilder.SCRATCH, argv, 0);
            if (r != 0) {
                throw new Divergence(event, "exec of the replay stub failed: " + linux.strerror((int) -r));
            }
        }
        task.addressSpaceChanged();
        t.heap = new ReplayTask.Heap();
        t.clearTid = 0; // the kernel let go of it (and of a shared handler table) at the exec
        t.ownHandlers = false;
    }

    // ---- ends

    private void runExit(ReplayTask t, SyscallEvent s) {
        Registers e = s.entry();
        t.task.setRegs(e.with(Registers.RIP, e.ip() - 2).with(Registers.RAX, e.origAx()));
        t.task.resume(Ptrace.SYSCALL, 0);
        t.exiting = true;
        // the rest (exit stop, then the end) is checked by the exit frame
    }

    /**
     * A task ended. One that ran into its end by itself (exit, a fatal signal) must end with the recorded status;
     * one ended from outside (another thread's exit_group or exec, SIGKILL) is ended by jrr.
     */
    private void exit(ReplayTask t, ExitEvent e) {
        if (!t.exiting) {
            debugger.exiting(t, e.waitStatus());
            t.task.killAndWait();
        } else {
            while (true) {
                WaitStatus st = t.task.waitStop();
                if (st.stopped() && st.ptraceEvent() == Ptrace.EVENT_EXIT) {
                    int status = (int) linux.eventMessage(t.task.tid());
                    if ((status & ~0x80) != (e.waitStatus() & ~0x80)) { // a core dump (0x80) is the system's choice
                        throw new Divergence(event, t + " ended with status 0x" + Integer.toHexString(status)
                                + " in replay but 0x" + Integer.toHexString(e.waitStatus()) + " when recorded");
                    }
                    debugger.exiting(t, e.waitStatus());
                    t.task.resume(Ptrace.CONT, 0);
                } else if (st.stopped()) {
                    t.task.resume(Ptrace.CONT, 0); // the exit syscall's entry, or a stray stop on the way out
                } else {
                    break;
                }
            }
        }
        tasks.remove(t.recordedTid);
        t.close();
        if (t.recordedTid == rootTid) {
            exited = e;
        }
    }

    // ---- traps and signals

    private void trap(ReplayTask t, TrapEvent tr) {
        WaitStatus st = runner.run(t, event);
        if (!st.stopped() || st.stopSignal() != SIGSEGV || st.ptraceEvent() != 0) {
            throw new Divergence(event, t + ": expected " + tr.instruction().name().toLowerCase()
                    + ", but the program " + describe(t.task, st));
        }
        checkFlushTaken(t);
        Divergence.checkRegisters(event, t + ", " + tr.instruction().name().toLowerCase(), tr.before(),
                t.task.regs());
        t.task.setRegs(tr.after());
    }

    /**
     * A signal delivered when recorded. A fault is run into; any other signal was delivered at a point where the
     * task had run none of its code since its last event, so it is sent now. The kernel then delivers it: a fatal
     * signal ends the task; for a handler, the task is stepped onto the handler's first instruction and the
     * recorded frame, registers and mask are put in place. An ignored signal is not sent; only its effect,
     * restarting an interrupted syscall, is reproduced.
     */
    private void signal(ReplayTask t, SignalEvent s) throws IOException {
        int sig = s.signo();
        Task task = t.task;
        SignalState state = SignalState.of(task.tid());
        SignalState.Disposition what = state.disposition(sig);
        checkFlushTaken(t); // an asynchronous signal is delivered where the task stands
        if (!s.deterministic() && (what == SignalState.Disposition.IGNORED
                || what == SignalState.Disposition.STOPS)) {
            Divergence.checkRegisters(event, t + ", signal " + sig, s.regs(), task.regs());
            t.restartPending = true; // the kernel restarts an interrupted syscall once the task runs on
            return;
        }
        if ((what == SignalState.Disposition.CAUGHT) != (s.handler() != null)) {
            throw new Divergence(event, t + ": signal " + sig + (s.handler() != null ? " had" : " had no")
                    + " handler when recorded, but " + (s.handler() != null ? "has none" : "has one") + " in replay");
        }
        if (!s.deterministic()) {
            if (state.blocks(sig)) {
                // Blocked here though it was not when recorded: a syscall that waits with another mask (sigsuspend,
                // ppoll, pselect) is emulated. Unblocked for the delivery; the handler's mask is set below.
                changeMask(task, SIG_UNBLOCK, SignalState.bit(sig));
            }
            linux.tgkill(task.tid(), task.tid(), sig);
        }
        if (s.deterministic() && FaultPoint.applies(sig)) {
            FaultPoint.reach(event, t, sig, s.regs(), runner); // delivered there, whether replay's memory faults or not
        } else {
            WaitStatus st = runner.run(t, event);
            if (!st.stopped() || st.stopSignal() != sig || st.ptraceEvent() != 0 || st.syscallStop()) {
                throw new Divergence(event, t + ": expected signal " + sig + ", but the program "
                        + describe(task, st));
            }
        }
        checkFlushTaken(t); // a fault is run into
        Divergence.checkRegisters(event, t + ", signal " + sig, s.regs(), task.regs());
        debugger.signal(t, sig, s.siginfo());
        linux.setSiginfo(task.tid(), s.siginfo());
        if (s.handler() == null) {
            task.resume(Ptrace.CONT, sig); // fatal: the exit frame follows
            t.exiting = true;
            t.restartPending = false;
            return;
        }
        t.restartPending = false; // the kernel handles a restart while setting up the handler
        WaitStatus at = SignalFrames.enterHandler(task, sig);
        if (!at.stopped()) {
            throw new Divergence(event, t + ": the handler of signal " + sig + " was not entered: the program "
                    + describe(task, at));
        }
        SignalEvent.Handler h = s.handler();
        Divergence.checkRegisters(event, t + ", the handler of signal " + sig, h.regs(), task.regs());
        writeAll(task, h.frame());
        if (SignalState.of(task.tid()).blocked() != h.blockedMask()) {
            changeMask(task, SIG_SETMASK, h.blockedMask());
        }
    }

    /** rt_sigprocmask in the task, for jrr's own purposes. */
    private void changeMask(Task task, int how, long mask) throws IOException {
        task.memory().writeLong(MASK_SCRATCH, mask);
        try (RemoteSyscalls remote = RemoteSyscalls.atIp(task)) {
            remote.check("setting the signal mask", SYS_RT_SIGPROCMASK, how, MASK_SCRATCH, 0, 8);
        }
    }

    private String describe(Task task, WaitStatus st) {
        if (!st.stopped()) {
            return "ended (" + st + ")";
        }
        String at = " at ip 0x" + Long.toHexString(task.regs().ip());
        if (st.syscallStop() && bufferDivergence(task, task.regs()) instanceof String buffered) {
            return buffered;
        }
        if (st.syscallStop()) {
            return "made syscall " + arch.syscallName((int) task.regs().origAx()) + at;
        }
        if (st.ptraceEvent() != 0) {
            return "stopped with ptrace event " + st.ptraceEvent() + at;
        }
        return "stopped with signal " + st.stopSignal() + at;
    }
}
