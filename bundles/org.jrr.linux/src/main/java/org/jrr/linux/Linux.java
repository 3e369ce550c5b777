package org.jrr.linux;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.jrr.linux.internal.JrrNative;
import org.jrr.linux.internal.LibC;
import org.jrr.api.arch.Registers;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The Linux facilities jrr uses, as one service: process spawning, ptrace, wait, signals, CPU affinity, task
 * memory, and the native helpers this bundle ships. ptrace calls must come from the thread that attached.
 */
@Component(service = Linux.class)
public final class Linux {
    private final LibC libc;
    private final Runtime runtime;
    private final JrrNative nat;
    private final Path nativeDir;

    @Activate
    public Linux(BundleContext context) {
        this(context.getBundle()::getEntry, NativeFiles.defaultCacheRoot());
    }

    /** Outside OSGi (unit tests): native files from the class path. */
    public Linux(java.util.function.Function<String, java.net.URL> resources, Path cacheRoot) {
        this.libc = LibraryLoader.create(LibC.class).failImmediately().load("c");
        this.runtime = Runtime.getRuntime(libc);
        this.nativeDir = NativeFiles.extract(resources, cacheRoot);
        this.nat = LibraryLoader.create(JrrNative.class).failImmediately().search(nativeDir.toString())
                .load("jrrnative");
    }

    /** The tracee launcher (native/src/launch.c). */
    public Path launcher() {
        return nativeDir.resolve("jrr-launch");
    }

    /** The replay exec stub (native/src/stub.S). */
    public Path execStub() {
        return nativeDir.resolve("jrr-stub");
    }

    private int errno() {
        return runtime.getLastError();
    }

    private LinuxException fail(String what) {
        int e = errno();
        return new LinuxException(what, e, libc.strerror(e));
    }

    // ---- processes ----

    /** posix_spawn: starts {@code path} with exactly this argv and environment. Returns the pid. */
    public int spawn(Path path, List<String> argv, List<String> env) {
        int[] pid = new int[1];
        Pointer av = cStringArray(argv);
        Pointer ev = cStringArray(env);
        int rc = libc.posix_spawn(pid, path.toString(), null, null, av, ev);
        if (rc != 0) {
            throw new LinuxException("posix_spawn " + path, rc, libc.strerror(rc));
        }
        return pid[0];
    }

    private Pointer cStringArray(List<String> strings) {
        Pointer array = Memory.allocateDirect(runtime, (strings.size() + 1) * 8L, true);
        for (int i = 0; i < strings.size(); i++) {
            byte[] b = strings.get(i).getBytes(StandardCharsets.UTF_8);
            Pointer s = Memory.allocateDirect(runtime, b.length + 1, true);
            s.put(0, b, 0, b.length);
            array.putPointer(i * 8L, s);
        }
        return array;
    }

    /** waitpid with __WALL; {@code pid} -1 waits for any child or tracee. Retries on EINTR. */
    public WaitStatus waitpid(int pid, int options) {
        int[] status = new int[1];
        while (true) {
            int r = libc.waitpid(pid, status, options | 0x40000000 /* __WALL */);
            if (r >= 0) {
                return new WaitStatus(r, status[0]);
            }
            if (errno() != 4 /* EINTR */) {
                throw fail("waitpid " + pid);
            }
        }
    }

    /**
     * waitpid with __WALL that gives up after {@code timeoutNanos}: returns a status whose pid is 0 on timeout.
     * A timeout of 0 or less waits without limit.
     */
    public WaitStatus waitpid(int pid, int options, long timeoutNanos) {
        int[] status = new int[1];
        int r = nat.jrr_waitpid_timeout(pid, status, options, timeoutNanos);
        if (r < 0) {
            throw new LinuxException("waitpid " + pid, -r, strerror(-r));
        }
        return new WaitStatus(r, r == 0 ? 0 : status[0]);
    }

    public void kill(int pid, int sig) {
        if (libc.kill(pid, sig) != 0) {
            throw fail("kill " + pid);
        }
    }

    /** kill that ignores a task already gone. */
    public void killQuietly(int pid, int sig) {
        libc.kill(pid, sig);
    }

    public void tgkill(int tgid, int tid, int sig) {
        if (libc.syscall(234, tgid, tid, sig) != 0) {
            throw fail("tgkill " + tid);
        }
    }

    /** The calling thread's own tid. */
    public int gettid() {
        return (int) libc.syscall(186, 0, 0, 0);
    }

    // ---- CPU ----

    /** Pins the calling thread to one CPU. */
    public void pinCurrentThread(int cpu) {
        long[] mask = new long[16];
        mask[cpu / 64] = 1L << (cpu % 64);
        if (libc.sched_setaffinity(0, mask.length * 8L, mask) != 0) {
            throw fail("sched_setaffinity cpu " + cpu);
        }
    }

    /** The CPUs the calling thread may run on. */
    public java.util.BitSet allowedCpus() {
        long[] mask = new long[16];
        if (libc.sched_getaffinity(0, mask.length * 8L, mask) != 0) {
            throw fail("sched_getaffinity");
        }
        return java.util.BitSet.valueOf(mask);
    }

    public long rdtsc() {
        return nat.jrr_rdtsc();
    }

    /** Returns {tsc, aux}. */
    public long[] rdtscp() {
        int[] aux = new int[1];
        long tsc = nat.jrr_rdtscp(aux);
        return new long[] {tsc, aux[0] & 0xffffffffL};
    }

    /** Returns {eax, ebx, ecx, edx}. */
    public int[] cpuid(int leaf, int subleaf) {
        int[] out = new int[4];
        nat.jrr_cpuid(leaf, subleaf, out);
        return out;
    }

    // ---- ptrace ----

    private long ptrace(int request, int pid, long addr, long data, String what) {
        long r = libc.ptrace(request, pid, addr, data);
        if (r == -1 && errno() != 0) {
            throw fail("ptrace " + what + " " + pid);
        }
        return r;
    }

    public void seize(int pid, int options) {
        ptrace(Ptrace.SEIZE, pid, 0, options, "SEIZE");
    }

    public void setOptions(int pid, int options) {
        ptrace(Ptrace.SETOPTIONS, pid, 0, options, "SETOPTIONS");
    }

    /** Resumes with PTRACE_CONT, PTRACE_SYSCALL, PTRACE_SYSEMU... delivering {@code sig} (0 for none). */
    public void resume(int request, int pid, int sig) {
        ptrace(request, pid, 0, sig, "resume(" + request + ")");
    }

    /** A word of the tracee's user area (struct user): its debug registers are at offset 848. */
    public long peekUser(int pid, long offset) {
        return ptrace(Ptrace.PEEKUSER, pid, offset, 0, "PEEKUSER");
    }

    public void pokeUser(int pid, long offset, long value) {
        ptrace(Ptrace.POKEUSER, pid, offset, value, "POKEUSER");
    }

    public void interrupt(int pid) {
        ptrace(Ptrace.INTERRUPT, pid, 0, 0, "INTERRUPT");
    }

    public long eventMessage(int pid) {
        long[] out = new long[1];
        if (libc.ptrace(Ptrace.GETEVENTMSG, pid, 0, out) != 0) {
            throw fail("ptrace GETEVENTMSG " + pid);
        }
        return out[0];
    }

    public Registers getRegs(int pid) {
        long[] words = new long[Registers.COUNT];
        if (libc.ptrace(Ptrace.GETREGS, pid, 0, words) != 0) {
            throw fail("ptrace GETREGS " + pid);
        }
        return Registers.of(words);
    }

    public void setRegs(int pid, Registers regs) {
        long[] words = regs.toArray();
        Pointer p = Memory.allocateDirect(runtime, words.length * 8L);
        p.put(0, words, 0, words.length);
        if (libc.ptrace(Ptrace.SETREGS, pid, 0, p) != 0) {
            throw fail("ptrace SETREGS " + pid);
        }
    }

    /** The task's x87/SSE state: the 512-byte FXSAVE area (PTRACE_GETFPREGS). */
    public byte[] getFpRegs(int pid) {
        long[] words = new long[64];
        if (libc.ptrace(Ptrace.GETFPREGS, pid, 0, words) != 0) {
            throw fail("ptrace GETFPREGS " + pid);
        }
        return bytes(words);
    }

    /** Sets the task's x87/SSE state from a 512-byte FXSAVE area (PTRACE_SETFPREGS). */
    public void setFpRegs(int pid, byte[] fxsave) {
        Pointer p = Memory.allocateDirect(runtime, 512);
        p.put(0, fxsave, 0, Math.min(512, fxsave.length));
        if (libc.ptrace(Ptrace.SETFPREGS, pid, 0, p) != 0) {
            throw fail("ptrace SETFPREGS " + pid);
        }
    }

    /** NT_X86_XSTATE: the XSAVE area through PTRACE_GETREGSET; large enough for AVX-512 and AMX tiles. */
    private static final int NT_X86_XSTATE = 0x202, XSTATE_MAX = 16384;

    /** The task's whole FPU state (x87, SSE, AVX and beyond) as its XSAVE area. */
    public byte[] getXState(int pid) {
        Pointer buf = Memory.allocateDirect(runtime, XSTATE_MAX);
        Pointer iov = iovec(buf, XSTATE_MAX);
        if (libc.ptrace(Ptrace.GETREGSET, pid, NT_X86_XSTATE, iov) != 0) {
            throw fail("ptrace GETREGSET NT_X86_XSTATE " + pid);
        }
        byte[] out = new byte[(int) iov.getLong(8)];
        buf.get(0, out, 0, out.length);
        return out;
    }

    /** Sets the task's FPU state from an XSAVE area read with {@link #getXState}. */
    public void setXState(int pid, byte[] xstate) {
        Pointer buf = Memory.allocateDirect(runtime, xstate.length);
        buf.put(0, xstate, 0, xstate.length);
        if (libc.ptrace(Ptrace.SETREGSET, pid, NT_X86_XSTATE, iovec(buf, xstate.length)) != 0) {
            throw fail("ptrace SETREGSET NT_X86_XSTATE " + pid);
        }
    }

    private Pointer iovec(Pointer buf, long length) {
        Pointer iov = Memory.allocateDirect(runtime, 16);
        iov.putAddress(0, buf.address());
        iov.putLong(8, length);
        return iov;
    }

    /** The 128-byte siginfo of the signal the task is stopped for. */
    public byte[] getSiginfo(int pid) {
        long[] words = new long[16];
        if (libc.ptrace(Ptrace.GETSIGINFO, pid, 0, words) != 0) {
            throw fail("ptrace GETSIGINFO " + pid);
        }
        return bytes(words);
    }

    private static byte[] bytes(long[] words) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(words.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long w : words) {
            b.putLong(w);
        }
        return b.array();
    }

    public void setSiginfo(int pid, byte[] siginfo) {
        Pointer p = Memory.allocateDirect(runtime, 128);
        p.put(0, siginfo, 0, Math.min(128, siginfo.length));
        if (libc.ptrace(Ptrace.SETSIGINFO, pid, 0, p) != 0) {
            throw fail("ptrace SETSIGINFO " + pid);
        }
    }

    /**
     * A new memory file (memfd_create, close-on-exec) of this process: the number of its descriptor, which other
     * processes open as {@code /proc/<this pid>/fd/<n>}.
     */
    public int memfdCreate(String name) {
        int fd = libc.memfd_create(name, 1 /* MFD_CLOEXEC */);
        if (fd < 0) {
            throw fail("memfd_create " + name);
        }
        return fd;
    }

    /** Closes a descriptor of this process that {@link #memfdCreate} made. */
    public void close(int fd) {
        libc.close(fd);
    }

    public String strerror(int errno) {
        return libc.strerror(errno);
    }
}
