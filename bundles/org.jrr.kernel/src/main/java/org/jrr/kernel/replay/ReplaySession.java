package org.jrr.kernel.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jrr.api.JrrException;
import org.jrr.api.arch.Arch;
import org.jrr.api.arch.Registers;
import org.jrr.api.session.ReplayRequest;
import org.jrr.api.session.ReplayResult;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.syscall.SyscallHandler;
import org.jrr.api.trace.ExecEvent;
import org.jrr.api.trace.ExitEvent;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.MemWrite;
import org.jrr.api.trace.SignalEvent;
import org.jrr.api.trace.SyscallEvent;
import org.jrr.api.trace.TraceReader;
import org.jrr.api.trace.TrapEvent;
import org.jrr.kernel.exec.MapsEntry;
import org.jrr.kernel.services.KernelServices;
import org.jrr.kernel.task.Cpus;
import org.jrr.kernel.task.Launcher;
import org.jrr.kernel.task.RemoteSyscalls;
import org.jrr.kernel.task.Siginfo;
import org.jrr.kernel.task.Task;
import org.jrr.linux.Linux;
import org.jrr.linux.Ptrace;
import org.jrr.linux.WaitStatus;

/**
 * Replays a single-threaded trace to its end with PTRACE_SYSEMU: syscalls are emulated from the trace (results
 * and memory put in place) except those that shape the address space or end the task, which run for real at
 * the recorded addresses. Registers are compared at every event. Runs on the tracer thread.
 */
final class ReplaySession {
    private static final int SIGSEGV = 11;
    private static final int SYS_EXECVE = 59, SYS_MMAP = 9, SYS_MUNMAP = 11, SYS_MREMAP = 25;
    private static final int MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2;
    private static final long MAP_FIXED_NOREPLACE = 0x100000;

    private final KernelServices services;
    private final Linux linux;
    private final Arch arch;
    private final TraceReader reader;
    private final ReplayRequest request;
    private final StdioEcho echo;
    private long gadget;
    private long event;
    private long brkEnd = -1;
    private ExitEvent exited;

    ReplaySession(KernelServices services, Arch arch, TraceReader reader, ReplayRequest request) {
        this.services = services;
        this.linux = services.linux();
        this.arch = arch;
        this.reader = reader;
        this.request = request;
        this.echo = new StdioEcho(request.stdout(), request.stderr());
    }

    ReplayResult run() throws IOException {
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
                Ptrace.O_TRACESYSGOOD | Ptrace.O_TRACEEXEC | Ptrace.O_TRACEEXIT | Ptrace.O_EXITKILL);
        try (Task task = new Task(linux, pid)) {
            try {
                runToStubExec(task);
                event = 1;
                AddressSpaceBuilder.rebuild(task, gadget, exec, reader, event);
                long count = 1;
                Optional<Frame> f;
                while ((f = reader.next()).isPresent()) {
                    event = f.get().number();
                    replay(task, f.get());
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
            } finally {
                linux.killQuietly(pid, 9);
                reap(pid);
            }
        }
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

    private void replay(Task task, Frame frame) throws IOException {
        switch (frame.event()) {
            case SyscallEvent s -> syscall(task, s);
            case TrapEvent t -> trap(task, t);
            case SignalEvent s -> signal(task, s);
            case ExitEvent e -> exit(task, e);
            case ExecEvent e -> throw new Divergence(event, "an exec snapshot without its execve");
        }
    }

    /** Runs to the next stop, which must be a syscall entry with the recorded registers. */
    private void toSyscall(Task task, SyscallEvent s) {
        task.resume(Ptrace.SYSEMU, 0);
        WaitStatus st = task.waitStop();
        String what = "syscall " + arch.syscallName(s.number());
        if (!st.syscallStop()) {
            throw new Divergence(event, "expected " + what + ", but the program " + describe(task, st));
        }
        Divergence.checkRegisters(event, "the entry of " + what, s.entry(), task.regs());
    }

    private void syscall(Task task, SyscallEvent s) throws IOException {
        toSyscall(task, s);
        String name = arch.syscallName(s.number());
        switch (s.action()) {
            case EMULATE -> {
                for (MemWrite w : s.writes()) {
                    task.memory().write(w.address(), w.data());
                }
            }
            case EXECUTE -> {
                long r = execute(task, s.entry());
                checkResult(s, name, r);
            }
            case MMAP -> mmap(task, s);
            case MREMAP -> mremap(task, s);
            case BRK -> brk(task, s);
            case EXECVE -> {
                execStub(task, s);
                Optional<Frame> next = reader.next();
                if (next.isEmpty() || !(next.get().event() instanceof ExecEvent exec)) {
                    throw new Divergence(event, "the trace has no exec snapshot after a successful execve");
                }
                event = next.get().number();
                AddressSpaceBuilder.rebuild(task, gadget, exec, reader, event);
                return;
            }
            case EXIT -> {
                runExit(task, s);
                return;
            }
        }
        task.setRegs(s.exit());
        Optional<SyscallHandler> handler = services.handler(name);
        if (handler.isPresent()) {
            echo.after(handler.get(), call(s), task.memory());
        }
    }

    private SyscallCall call(SyscallEvent s) {
        long[] args = new long[6];
        for (int i = 0; i < 6; i++) {
            args[i] = arch.syscallArg(s.entry(), i);
        }
        return new SyscallCall(arch.name(), s.number(), args, s.result());
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
            long[] args = new long[6];
            for (int i = 0; i < 6; i++) {
                args[i] = arch.syscallArg(regs, i);
            }
            return remote.call((int) regs.origAx(), args);
        }
    }

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
            if (s.file() != null) {
                long fd = AddressSpaceBuilder.openTraceFile(remote, task, reader, s.file());
                long f = (flags & ~(MapsEntry.MAP_SHARED | MAP_FIXED_NOREPLACE)) | MapsEntry.MAP_PRIVATE
                        | AddressSpaceBuilder.MAP_FIXED;
                r = remote.call(SYS_MMAP, addr, len, prot, f, fd, offset);
                remote.call(AddressSpaceBuilder.SYS_CLOSE, fd);
            } else {
                long f = (flags & ~(MAP_FIXED_NOREPLACE | MapsEntry.MAP_SHARED)) | MapsEntry.MAP_PRIVATE
                        | MapsEntry.MAP_ANONYMOUS | AddressSpaceBuilder.MAP_FIXED;
                r = remote.call(SYS_MMAP, addr, len, prot, f, -1, 0);
            }
            checkResult(s, "mmap", r);
        }
        for (MemWrite w : s.writes()) {
            task.memory().write(w.address(), w.data());
        }
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
    private void brk(Task task, SyscallEvent s) {
        long end = s.result();
        if (brkEnd < 0) {
            brkEnd = end;
            return;
        }
        long oldTop = (brkEnd + 4095) & ~4095L;
        long newTop = (end + 4095) & ~4095L;
        if (newTop != oldTop) {
            try (RemoteSyscalls remote = RemoteSyscalls.at(task, s.entry().ip() - 2)) {
                if (newTop > oldTop) {
                    remote.check("heap growth", SYS_MMAP, oldTop, newTop - oldTop, 3,
                            MapsEntry.MAP_PRIVATE | MapsEntry.MAP_ANONYMOUS | AddressSpaceBuilder.MAP_FIXED, -1, 0);
                } else {
                    remote.check("heap shrink", SYS_MUNMAP, newTop, oldTop - newTop);
                }
            }
        }
        brkEnd = end;
    }

    /** A recorded successful execve: exec the stub instead; the next frame says what the exec built. */
    private void execStub(Task task, SyscallEvent s) throws IOException {
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
        brkEnd = -1;
    }

    private void runExit(Task task, SyscallEvent s) {
        Registers e = s.entry();
        task.setRegs(e.with(Registers.RIP, e.ip() - 2).with(Registers.RAX, e.origAx()));
        task.resume(Ptrace.SYSCALL, 0);
        // the rest (exit stop, then the end) is checked by the exit frame
    }

    private void exit(Task task, ExitEvent e) {
        if (e.signaled() && e.termSignal() == 9) {
            linux.killQuietly(task.tid(), 9); // SIGKILL'd while recording (jrr interrupted): nothing else kills it
        }
        while (true) {
            WaitStatus st = task.waitStop();
            if (st.stopped() && st.ptraceEvent() == Ptrace.EVENT_EXIT) {
                int status = (int) linux.eventMessage(task.tid());
                if (status != e.waitStatus()) {
                    throw new Divergence(event, "the program ended with status 0x" + Integer.toHexString(status)
                            + " in replay but 0x" + Integer.toHexString(e.waitStatus()) + " when recorded");
                }
                exited = e;
                task.resume(Ptrace.CONT, 0);
            } else if (st.stopped()) {
                task.resume(Ptrace.SYSCALL, 0); // the exit_group entry, or a stray stop on the way out
            } else {
                exited = e;
                return;
            }
        }
    }

    private void trap(Task task, TrapEvent t) {
        task.resume(Ptrace.SYSEMU, 0);
        WaitStatus st = task.waitStop();
        if (!st.stopped() || st.stopSignal() != SIGSEGV || st.ptraceEvent() != 0) {
            throw new Divergence(event, "expected " + t.instruction().name().toLowerCase() + ", but the program "
                    + describe(task, st));
        }
        Divergence.checkRegisters(event, t.instruction().name().toLowerCase(), t.before(), task.regs());
        task.setRegs(t.after());
    }

    private void signal(Task task, SignalEvent s) {
        if (!s.deterministic()) {
            // Recorded at a syscall boundary: queue it now so it arrives at the same point.
            linux.tgkill(task.tid(), task.tid(), s.signo());
        }
        task.resume(Ptrace.SYSEMU, 0);
        WaitStatus st = task.waitStop();
        if (!st.stopped() || st.stopSignal() != s.signo() || st.ptraceEvent() != 0 || st.syscallStop()) {
            throw new Divergence(event, "expected signal " + s.signo() + ", but the program " + describe(task, st));
        }
        Divergence.checkRegisters(event, "signal " + s.signo(), s.regs(), task.regs());
        linux.setSiginfo(task.tid(), s.siginfo());
        // deliver it: a fatal one ends the task, whose exit frame follows
        task.resume(Ptrace.SYSEMU, s.signo());
        if (Siginfo.parse(s.siginfo()).signo() != s.signo()) {
            throw new Divergence(event, "bad siginfo");
        }
    }

    private String describe(Task task, WaitStatus st) {
        if (!st.stopped()) {
            return "ended (" + st + ")";
        }
        String at = " at ip 0x" + Long.toHexString(task.regs().ip());
        if (st.syscallStop()) {
            return "made syscall " + arch.syscallName((int) task.regs().origAx()) + at;
        }
        if (st.ptraceEvent() != 0) {
            return "stopped with ptrace event " + st.ptraceEvent() + at;
        }
        return "stopped with signal " + st.stopSignal() + at;
    }
}
