package org.jrr.cli;

import java.io.PrintStream;
import java.util.List;
import org.jrr.api.syscallbuf.BufferedCall;
import org.jrr.api.trace.BufferFlushEvent;
import org.jrr.api.trace.CloneEvent;
import org.jrr.api.trace.ExecEvent;
import org.jrr.api.trace.ExitEvent;
import org.jrr.api.trace.FileEvent;
import org.jrr.api.trace.FileId;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.MemWrite;
import org.jrr.api.trace.MemoryEvent;
import org.jrr.api.trace.OutputEvent;
import org.jrr.api.trace.SchedEvent;
import org.jrr.api.trace.SignalEvent;
import org.jrr.api.trace.SyscallEntryEvent;
import org.jrr.api.trace.SyscallEvent;
import org.jrr.api.trace.PtraceEvent;
import org.jrr.api.trace.TrapEvent;

/** How events read in listings. */
final class EventText {
    private static final String[] SIGNALS = {"0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ",
        "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};
    private static final String[] ERRNO = {"0", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG",
        "ENOEXEC", "EBADF", "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV",
        "ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC",
        "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS"};

    private EventText() {
    }

    static String signal(int sig) {
        return sig > 0 && sig < SIGNALS.length ? SIGNALS[sig] : "signal " + sig;
    }

    static String result(long r) {
        if (r < 0 && r > -4096) {
            int e = (int) -r;
            return r + (e < ERRNO.length ? " (" + ERRNO[e] + ")" : "");
        }
        return r > 0xffff || r < 0 ? "0x" + Long.toHexString(r) : Long.toString(r);
    }

    static String line(Frame f, Services services) {
        String body = switch (f.event()) {
            case SyscallEvent s when s.action() == org.jrr.api.syscall.ReplayAction.EXIT ->
                    String.format("syscall %s(%d)", services.syscallName(s.number()), s.entry().get(org.jrr.api.arch.Registers.RDI));
            case SyscallEvent s -> String.format("syscall %s = %s%s%s%s", services.syscallName(s.number()),
                    result(s.result()), s.writes().isEmpty() ? "" : "  [" + bytes(s) + " bytes written]",
                    s.action() == org.jrr.api.syscall.ReplayAction.EMULATE ? ""
                            : "  (" + s.action().name().toLowerCase() + ")",
                    s.shared() == null ? "" : "  shared " + name(s.shared()));
            case ExecEvent e -> String.format("exec %s (%s, %d mappings, ip 0x%x)", e.exe(), e.arch(),
                    e.mappings().size(), e.regs().ip());
            case TrapEvent t -> String.format("trap %s at 0x%x", t.instruction().name().toLowerCase(), t.before().ip());
            case PtraceEvent p -> switch (p.action()) {
                case FAULT -> String.format("fault %s at 0x%x, taken by its tracer", signal(p.signo()), p.regs().ip());
                case SET_REGISTERS -> String.format("registers set by its tracer (ip 0x%x)", p.regs().ip());
                case STEP -> String.format("single step by its tracer, to 0x%x", p.regs().ip());
            };
            case SignalEvent s -> String.format("signal %s%s at 0x%x", signal(s.signo()),
                    s.deterministic() ? " (fault)" : "", s.regs().ip());
            case SyscallEntryEvent s -> String.format("syscall %s entered (blocked)", services.syscallName(s.number()));
            case CloneEvent c -> String.format("%s: new task %d%s", services.syscallName(c.number()), c.child(),
                    c.thread() ? " (thread)" : c.sharesMemory() ? " (shares memory)" : "");
            case SchedEvent s -> String.format("switch at 0x%x%s", s.regs().ip(),
                    s.bestEffort() ? " (best-effort: registers and memory digest)" : " (ticks " + s.ticks() + ")");
            case ExitEvent e -> e.signaled() ? "exit killed by " + signal(e.termSignal())
                    + ((e.waitStatus() & 0x80) != 0 ? " (core dumped)" : "") : "exit status " + e.exitCode();
            case BufferFlushEvent b -> flush(b, services);
            case FileEvent e -> file(e);
            case OutputEvent o -> "output to fd " + o.fd() + ": " + o.data().length + " bytes moved by the kernel";
            case MemoryEvent m -> "memory written by jrr: " + m.writes().size() + " place(s) of the syscall buffer's"
                    + " table";
        };
        return String.format("%6d %6d %s", f.number(), f.tid(), body);
    }

    /** A flush and, on lines of their own, its buffered syscalls (when the syscall buffer bundle can read them). */
    private static String flush(BufferFlushEvent b, Services services) {
        List<BufferedCall> calls = services.syscallBuffer().map(s -> s.decode(b.records())).orElse(null);
        if (calls == null) {
            return "flush of the syscall buffer: " + b.length() + " bytes of records";
        }
        StringBuilder sb = new StringBuilder("flush of the syscall buffer: " + calls.size() + " syscall"
                + (calls.size() == 1 ? "" : "s"));
        int i = 0;
        for (BufferedCall c : calls) {
            sb.append(String.format("%n%15s [%d] %s = %s%s", "", ++i, services.syscallName(c.number()),
                    result(c.result()), c.written() == 0 ? "" : "  [" + c.written() + " bytes recorded]"));
        }
        return sb.toString();
    }

    /**
     * A change to a file mapped shared (written by the recording, or forwarded from outside into jrr's copy), or a
     * check of its contents.
     */
    private static String file(FileEvent e) {
        StringBuilder sb = new StringBuilder("file ").append(name(e.file()));
        String sep = ": ";
        if (e.origin() == FileEvent.Origin.FORWARD) {
            sb.append(": forwarded into jrr's copy");
            sep = ", ";
        }
        if (e.length() > 0) {
            sb.append(sep).append(e.length()).append(" bytes at ").append(e.offset());
            sep = ", ";
        }
        if (e.size() >= 0) {
            sb.append(sep).append("size ").append(e.size());
            sep = ", ";
        }
        if (e.digest() >= 0) {
            sb.append(sep).append(String.format("contents checked (crc32c %08x)", e.digest()));
        }
        if (e.outside()) {
            sb.append(" [also written outside the recording]");
        }
        return sb.toString();
    }

    private static String name(FileId f) {
        return f.path() != null ? f.path() : "(anonymous shared memory " + f.ino() + ")";
    }

    private static long bytes(SyscallEvent s) {
        return s.writes().stream().mapToLong(MemWrite::length).sum();
    }

    static void memory(Frame f, PrintStream out) {
        java.util.List<MemWrite> writes = switch (f.event()) {
            case SyscallEvent s -> s.writes();
            case ExecEvent e -> e.memory();
            case BufferFlushEvent b -> java.util.List.of(new MemWrite(b.buffer(), b.records())); // the records' place
            case MemoryEvent m -> m.writes();
            default -> java.util.List.of();
        };
        for (MemWrite w : writes) {
            out.printf("         write 0x%x, %d bytes%n", w.address(), w.length());
        }
    }
}
