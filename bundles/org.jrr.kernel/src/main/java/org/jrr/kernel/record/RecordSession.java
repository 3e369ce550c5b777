package org.jrr.kernel.record;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jrr.api.JrrException;
import org.jrr.api.arch.Arch;
import org.jrr.api.arch.Registers;
import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.ReplayAction;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.syscall.SyscallHandler;
import org.jrr.api.trace.Event;
import org.jrr.api.trace.ExecEvent;
import org.jrr.api.trace.ExitEvent;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.MemWrite;
import org.jrr.api.trace.SignalEvent;
import org.jrr.api.trace.SyscallEvent;
import org.jrr.api.trace.TrapEvent;
import org.jrr.api.trace.TraceWriter;
import org.jrr.kernel.exec.ExecSnapshot;
import org.jrr.kernel.exec.MapsEntry;
import org.jrr.kernel.exec.VdsoPatcher;
import org.jrr.kernel.services.KernelServices;
import org.jrr.kernel.syscall.Refused;
import org.jrr.kernel.syscall.WritableMemory;
import org.jrr.kernel.task.Launcher;
import org.jrr.kernel.task.RemoteSyscalls;
import org.jrr.kernel.task.Siginfo;
import org.jrr.kernel.task.Task;
import org.jrr.kernel.trap.InstructionTraps;
import org.jrr.linux.Linux;
import org.jrr.linux.LinuxException;
import org.jrr.linux.Ptrace;
import org.jrr.linux.WaitStatus;

/**
 * One recording of a single-threaded tracee: every syscall is trapped with PTRACE_SYSCALL and stored with its
 * registers and the memory it wrote; rdtsc and cpuid trap and are emulated; exec snapshots the new address
 * space. Runs on the tracer thread.
 */
final class RecordSession {
    static final int SIGSEGV = 11, SIGKILL = 9, SIGSTOP = 19;
    private static final int ARCH_SET_CPUID = 0x1012, SYS_ARCH_PRCTL = 158;
    private static final int MAX_OUTPUT = 1 << 28;
    private static final long FLUSH_BEFORE_BLOCKING_NS = 50_000_000L;

    private final KernelServices services;
    private final Linux linux;
    private final Arch arch;
    private final TraceWriter writer;
    private final PrintStream diagnostics;
    private final Set<String> warned = new HashSet<>();
    private volatile int pid = -1;
    private volatile boolean interrupted;
    private long frameNumber;
    private long lastFlush = System.nanoTime();

    // state of the syscall the task is in
    private boolean inSyscall;
    private Registers entryRegs;
    private WritableMemory conservative;
    private boolean refused;
    private boolean execEventSeen;
    private boolean started;
    private ExitEvent exit;

    RecordSession(KernelServices services, Arch arch, TraceWriter writer, PrintStream diagnostics) {
        this.services = services;
        this.linux = services.linux();
        this.arch = arch;
        this.writer = writer;
        this.diagnostics = diagnostics;
    }

    /** From any thread: kill the tracee; the session then ends and the trace is finalized. */
    void interrupt() {
        interrupted = true;
        int p = pid;
        if (p > 0) {
            linux.killQuietly(p, SIGKILL);
        }
    }

    boolean interrupted() {
        return interrupted;
    }

    /** Records until the tracee is gone; returns its exit status as a shell reports it. */
    int run(Path exe, List<String> argv, List<String> env, int cpu) throws IOException {
        linux.pinCurrentThread(cpu);
        int p = Launcher.start(linux, cpu, "record", exe, argv, env, Ptrace.O_TRACESYSGOOD | Ptrace.O_TRACEEXEC
                | Ptrace.O_TRACEEXIT | Ptrace.O_EXITKILL | Ptrace.O_TRACECLONE | Ptrace.O_TRACEFORK
                | Ptrace.O_TRACEVFORK);
        pid = p;
        if (interrupted) {
            linux.killQuietly(p, SIGKILL);
        }
        try (Task task = new Task(linux, p)) {
            loop(task, exe);
        }
        if (exit == null) {
            throw new JrrException("cannot record " + exe + ": the program could not be started");
        }
        return exit.shellStatus();
    }

    private void loop(Task task, Path exe) throws IOException {
        while (true) {
            WaitStatus st = task.waitStop();
            if (st.exited() || !st.stopped()) {
                if (exit == null && started) {
                    append(task.tid(), new ExitEvent(st.raw()));
                } else if (exit == null) {
                    exit = new ExitEvent(st.raw());
                }
                return;
            }
            try {
                int resumeSig = handleStop(task, st, exe);
                task.resume(Ptrace.SYSCALL, resumeSig);
            } catch (LinuxException e) {
                if (!e.noSuchProcess()) {
                    throw e;
                }
                // killed under us (SIGKILL): the next wait reports how it ended
            }
        }
    }

    /** Handles one stop; returns the signal to deliver when resuming. */
    private int handleStop(Task task, WaitStatus st, Path exe) throws IOException {
        switch (st.ptraceEvent()) {
            case Ptrace.EVENT_EXEC -> {
                execEventSeen = true;
                return 0;
            }
            case Ptrace.EVENT_EXIT -> {
                if (started) {
                    append(task.tid(), new ExitEvent((int) linux.eventMessage(task.tid())));
                }
                return 0;
            }
            case Ptrace.EVENT_STOP -> {
                return 0; // group-stop or the seize of the stopped launcher: just go on
            }
            case Ptrace.EVENT_FORK, Ptrace.EVENT_VFORK, Ptrace.EVENT_CLONE -> {
                linux.killQuietly(task.tid(), SIGKILL);
                throw new JrrException("the program created a process or thread: recording process trees and "
                        + "threads is not supported yet");
            }
            case 0 -> {
                // a syscall or signal stop, below
            }
            default -> {
                return 0;
            }
        }
        if (st.syscallStop()) {
            if (!inSyscall) {
                syscallEntry(task);
            } else {
                syscallExit(task, exe);
            }
            return 0;
        }
        return signalStop(task, st.stopSignal());
    }

    private void syscallEntry(Task task) throws IOException {
        inSyscall = true;
        entryRegs = task.regs();
        refused = false;
        conservative = null;
        if (!started) {
            return; // the launcher's execve of the program
        }
        String name = arch.syscallName((int) entryRegs.origAx());
        if (Refused.refuse(name)) {
            // Make the kernel skip it: the program sees ENOSYS and does without (see Refused).
            task.setRegs(entryRegs.with(Registers.ORIG_RAX, -1));
            refused = true;
            return;
        }
        Optional<SyscallHandler> handler = services.handler(name);
        if (handler.isEmpty()) {
            if (warned.add(name)) {
                diagnostics.println("jrr: warning: no handler for syscall " + name + "; it is recorded conservatively"
                        + " (by comparing all writable memory, which is slow)");
            }
            conservative = WritableMemory.capture(task);
        }
        execEventSeen = false;
        boolean mayBlock = handler.isPresent() && handler.get().mayBlock();
        if (mayBlock && System.nanoTime() - lastFlush > FLUSH_BEFORE_BLOCKING_NS) {
            // The program may wait here for long: what is recorded so far reaches the disk. Rate-limited, since
            // most reads do not block and a block per read would double their cost.
            writer.flush();
            lastFlush = System.nanoTime();
        }
        if (Refused.isExit(name)) {
            // exit and exit_group never return: recorded at entry
            append(task.tid(), new SyscallEvent((int) entryRegs.origAx(), entryRegs, entryRegs, List.of(),
                    ReplayAction.EXIT, null));
        }
    }

    private void syscallExit(Task task, Path exe) throws IOException {
        inSyscall = false;
        Registers exitRegs = task.regs();
        if (!started) {
            if (execEventSeen && exitRegs.ax() == 0) {
                started = true;
                task.addressSpaceChanged();
                append(task.tid(), afterExec(task, exe.toString()));
            }
            return;
        }
        int nr = (int) entryRegs.origAx();
        String name = arch.syscallName(nr);
        long[] args = new long[6];
        for (int i = 0; i < 6; i++) {
            args[i] = arch.syscallArg(entryRegs, i);
        }
        SyscallCall call = new SyscallCall(arch.name(), nr, args, exitRegs.ax());
        Optional<SyscallHandler> handler = refused ? Optional.empty() : services.handler(name);
        ReplayAction action = handler.map(h -> h.replayAction(call)).orElse(ReplayAction.EMULATE);
        List<MemWrite> writes = new ArrayList<>();
        if (conservative != null) {
            writes.addAll(conservative.changes(task));
        } else if (handler.isPresent() && !call.failed()) {
            for (MemRange r : handler.get().outputs(call, task.memory())) {
                writes.addAll(read(task, r));
            }
        }
        String file = null;
        if (action == ReplayAction.MMAP && !call.failed()) {
            file = mappedFile(task, call, writes);
        }
        if (action == ReplayAction.EXECVE && !call.failed() && execEventSeen) {
            task.addressSpaceChanged();
            append(task.tid(), new SyscallEvent(nr, entryRegs, exitRegs, writes, action, null));
            String path = Files.readSymbolicLink(Path.of("/proc", Integer.toString(task.tid()), "exe")).toString();
            append(task.tid(), afterExec(task, path));
            return;
        }
        if (action == ReplayAction.EXECVE) {
            action = ReplayAction.EMULATE; // a failed execve changes nothing
        }
        append(task.tid(), new SyscallEvent(nr, entryRegs, exitRegs, writes, action, file));
    }

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
        if (target.isAbsolute() && Files.isRegularFile(target) && Files.isSameFile(target, fd)) {
            return writer.addFile(target);
        }
        if (Files.isRegularFile(fd)) {
            return writer.addFile(fd); // deleted or renamed since it was opened: copy through the descriptor
        }
        // A device or other special file: replay maps anonymous memory and writes what was visible.
        long len = (call.arg(1) + 4095) & ~4095L;
        writes.addAll(read(task, new MemRange(call.result(), len)));
        return null;
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
            if (r != 0 && warned.add("cpuid")) {
                diagnostics.println("jrr: note: this CPU cannot trap CPUID (no CPUID faulting), so CPUID results are"
                        + " not recorded: the trace replays on this machine only");
            }
        }
        return ExecSnapshot.capture(task, exe, arch.name(), writer);
    }

    private int signalStop(Task task, int sig) throws IOException {
        byte[] raw = task.siginfo();
        Siginfo info = Siginfo.parse(raw);
        if (!started) {
            return sig == SIGSTOP ? 0 : sig;
        }
        if (sig == SIGSEGV && info.code() == Siginfo.SI_KERNEL) {
            Optional<TrapEvent> trap = InstructionTraps.emulate(task, linux);
            if (trap.isPresent()) {
                task.setRegs(trap.get().after());
                append(task.tid(), trap.get());
                return 0;
            }
        }
        append(task.tid(), new SignalEvent(sig, raw, task.regs(), info.synchronousFault()));
        return sig;
    }

    private void append(int tid, Event event) throws IOException {
        if (event instanceof ExitEvent e) {
            if (exit != null) {
                return; // reported twice (exit stop, then wait): keep the first
            }
            exit = e;
        }
        writer.append(new Frame(++frameNumber, tid, event));
    }

    long frames() {
        return frameNumber;
    }
}
