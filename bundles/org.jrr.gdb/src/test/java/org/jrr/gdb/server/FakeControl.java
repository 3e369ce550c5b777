package org.jrr.gdb.server;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jrr.api.arch.Registers;
import org.jrr.api.debug.BreakpointKind;
import org.jrr.api.debug.Diversion;
import org.jrr.api.debug.Direction;
import org.jrr.api.debug.ReplayControl;
import org.jrr.api.debug.Resume;
import org.jrr.api.debug.Stop;
import org.jrr.api.debug.TaskId;

/**
 * A scripted replay for tests: a straight-line program of one-byte instructions (nops) at {@link #CODE}, executed
 * by the main task; position {@code pos} is the number of instructions done. Forward it ends with an exit, backward
 * it reaches the start of history. Two tasks, memory from byte arrays, breakpoints that really stop.
 */
final class FakeControl implements ReplayControl {
    static final int PID = 0x100;
    static final TaskId MAIN = new TaskId(PID, PID);
    static final TaskId OTHER = new TaskId(PID, PID + 1);
    static final long CODE = 0x401000;
    static final int LENGTH = 16;
    static final long STACK = 0x7ffe0000L;
    static final byte[] CODE_BYTES = new byte[0x1000];
    static final byte[] STACK_BYTES = new byte[0x10000];
    static final String EXE = "/nonexistent/jrr-fake";

    static {
        Arrays.fill(CODE_BYTES, (byte) 0x90);
        for (int i = 0; i < 16; i++) {
            STACK_BYTES[STACK_BYTES.length - 16 + i] = (byte) (0xa0 + i);
        }
    }

    private int pos;
    private Stop last = new Stop.Stepped(MAIN);
    private final Map<Long, Integer> breakpoints = new HashMap<>();
    private final List<String> log = new ArrayList<>();
    private volatile CountDownLatch interrupted;
    volatile boolean blockContinue;
    volatile RuntimeException failResume;
    /** Once set, every call fails with it, as a replay that diverged does. */
    volatile RuntimeException dead;
    volatile Stop nextStop;
    volatile int exitStatus = 0;
    /**
     * Whether the CPU has AVX and AVX-512, with Zen 4's XSAVE layout; the XSAVE area then has ymm0's upper half =
     * 10 11 … 1f, k1 = 0x5555 and zmm16 = 00 01 … 3f.
     */
    volatile boolean avx512;
    static final String MAPS = "00401000-00402000 r-xp 00000000 00:00 0    /nonexistent/jrr-fake\n";
    static final Map<Integer, Integer> ZEN4_OFFSETS = Map.of(2, 576, 5, 832, 6, 896, 7, 1408);
    /** Lines the memory map shows after {@link #MAPS} (a file the replay maps). */
    volatile String alsoMapped = "";
    /** Whether {@link #divert} makes a diversion (else it is not supported, as the default says). */
    volatile boolean divertible;

    synchronized List<String> log() {
        return List.copyOf(log);
    }

    synchronized int pos() {
        return pos;
    }

    @Override
    public synchronized Stop lastStop() {
        return last;
    }

    @Override
    public synchronized List<TaskId> tasks() {
        if (dead != null) {
            throw dead;
        }
        return last instanceof Stop.Exited ? List.of() : List.of(MAIN, OTHER);
    }

    @Override
    public synchronized Registers registers(TaskId task) {
        requireLive(task);
        long[] w = new long[Registers.COUNT];
        w[Registers.RIP] = task.equals(MAIN) ? CODE + pos : CODE;
        w[Registers.RSP] = STACK + STACK_BYTES.length - 16;
        w[Registers.RBP] = STACK + STACK_BYTES.length - 8;
        w[Registers.RAX] = pos;
        w[Registers.RBX] = 0x1122334455667788L;
        w[Registers.EFLAGS] = 0x246;
        w[Registers.CS] = 0x33;
        w[Registers.SS] = 0x2b;
        w[Registers.ORIG_RAX] = -1;
        w[Registers.FS_BASE] = 0x7ffff7d8a740L;
        return Registers.of(w);
    }

    @Override
    public synchronized byte[] fpRegisters(TaskId task) {
        requireLive(task);
        ByteBuffer fx = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        fx.putShort(0, (short) 0x37f);
        fx.putInt(24, 0x1f80);
        for (int i = 0; i < 16; i++) {
            fx.put(160 + i, (byte) i); // xmm0 = 00 01 02 … 0f
        }
        return fx.array();
    }

    @Override
    public synchronized byte[] xstate(TaskId task) {
        byte[] fx = fpRegisters(task);
        if (!avx512) {
            return fx;
        }
        byte[] x = Arrays.copyOf(fx, 2432);
        for (int i = 0; i < 16; i++) {
            x[576 + i] = (byte) (0x10 + i);
        }
        x[832 + 8] = 0x55;
        x[832 + 9] = 0x55;
        for (int i = 0; i < 64; i++) {
            x[1408 + i] = (byte) i;
        }
        return x;
    }

    @Override
    public String memoryMap(TaskId task) {
        requireLive(task);
        return MAPS + alsoMapped;
    }

    @Override
    public Map<Integer, Integer> xstateOffsets() {
        return avx512 ? ZEN4_OFFSETS : Map.of();
    }

    @Override
    public synchronized byte[] readMemory(TaskId task, long address, int length) {
        requireLive(task);
        log.add("read " + Long.toHexString(address) + "," + length);
        byte[] r = slice(CODE, CODE_BYTES, address, length);
        return r.length > 0 ? r : slice(STACK, STACK_BYTES, address, length);
    }

    private static byte[] slice(long base, byte[] data, long address, int length) {
        if (address < base || address >= base + data.length) {
            return new byte[0];
        }
        int off = (int) (address - base);
        return Arrays.copyOfRange(data, off, (int) Math.min(data.length, (long) off + length));
    }

    @Override
    public synchronized boolean insert(BreakpointKind kind, long address, int length) {
        log.add("insert " + kind + " " + Long.toHexString(address) + "," + length);
        if (kind.watchesData() && length > 8) {
            return false;
        }
        breakpoints.merge(address, 1, Integer::sum);
        return true;
    }

    @Override
    public synchronized boolean remove(BreakpointKind kind, long address, int length) {
        log.add("remove " + kind + " " + Long.toHexString(address) + "," + length);
        Integer n = breakpoints.get(address);
        if (n == null) {
            return false;
        }
        if (n == 1) {
            breakpoints.remove(address);
        } else {
            breakpoints.put(address, n - 1);
        }
        return true;
    }

    @Override
    public Stop resume(Resume how) {
        synchronized (this) {
            log.add("resume " + how);
        }
        RuntimeException fail = failResume;
        if (fail != null) {
            failResume = null;
            throw fail;
        }
        if (blockContinue && how instanceof Resume.Continue) {
            CountDownLatch latch = new CountDownLatch(1);
            interrupted = latch;
            try {
                if (!latch.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never interrupted");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return record(new Stop.Interrupted(MAIN));
        }
        Stop canned = nextStop;
        if (canned != null) {
            nextStop = null;
            return record(canned);
        }
        synchronized (this) {
            return record(run(how));
        }
    }

    private Stop run(Resume how) {
        boolean forward = how.direction() == Direction.FORWARD;
        boolean step = how instanceof Resume.Step;
        while (true) {
            if (forward && pos == LENGTH) {
                return new Stop.Exited(MAIN, exitStatus);
            }
            if (!forward && pos == 0) {
                return new Stop.HistoryStart(MAIN);
            }
            pos += forward ? 1 : -1;
            if (step) {
                return new Stop.Stepped(MAIN);
            }
            if (breakpoints.containsKey(CODE + pos)) {
                return new Stop.Breakpoint(MAIN, CODE + pos);
            }
        }
    }

    private synchronized Stop record(Stop stop) {
        last = stop;
        return stop;
    }

    @Override
    public Diversion divert(TaskId task) {
        if (!divertible) {
            return ReplayControl.super.divert(task);
        }
        synchronized (this) {
            log.add("divert " + task.tid());
        }
        return new FakeDiversion(task, registers(task));
    }

    /** A diversion that keeps its registers and memory writes, and stops at rip when run. */
    private final class FakeDiversion implements Diversion {
        private final TaskId task;
        private Registers regs;
        private final Map<Long, Byte> written = new HashMap<>();

        FakeDiversion(TaskId task, Registers regs) {
            this.task = task;
            this.regs = regs;
        }

        private void log(String what) {
            synchronized (FakeControl.this) {
                log.add("diversion " + what);
            }
        }

        @Override
        public TaskId task() {
            return task;
        }

        @Override
        public Registers registers() {
            return regs;
        }

        @Override
        public void setRegisters(Registers r) {
            log("rip " + Long.toHexString(r.ip()));
            regs = r;
        }

        @Override
        public byte[] fpRegisters() {
            return FakeControl.this.fpRegisters(task);
        }

        @Override
        public void setFpRegisters(byte[] fxsave) {
            log("fp");
        }

        @Override
        public byte[] readMemory(long address, int length) {
            byte[] b = FakeControl.this.readMemory(task, address, length);
            for (int i = 0; i < b.length; i++) {
                Byte w = written.get(address + i);
                if (w != null) {
                    b[i] = w;
                }
            }
            return b;
        }

        @Override
        public boolean writeMemory(long address, byte[] data) {
            log("write " + Long.toHexString(address) + "," + data.length);
            for (int i = 0; i < data.length; i++) {
                written.put(address + i, data[i]);
            }
            return true;
        }

        @Override
        public boolean insert(BreakpointKind kind, long address, int length) {
            log("insert " + Long.toHexString(address));
            return true;
        }

        @Override
        public boolean remove(BreakpointKind kind, long address, int length) {
            log("remove " + Long.toHexString(address));
            return true;
        }

        @Override
        public Stop resume(Resume how) {
            log("resume");
            return new Stop.Breakpoint(task, regs.ip());
        }

        @Override
        public void close() {
            log("close");
        }
    }

    @Override
    public void interrupt() {
        synchronized (this) {
            log.add("interrupt");
        }
        CountDownLatch latch = interrupted;
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    public synchronized long event() {
        return 1000 + pos;
    }

    @Override
    public synchronized byte[] auxv(TaskId task) {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(6).putLong(4096).putLong(0).putLong(0); // AT_PAGESZ 4096, AT_NULL
        return b.array();
    }

    @Override
    public String executable(TaskId task) {
        return EXE;
    }

    @Override
    public synchronized byte[] siginfo(TaskId task) {
        if (last instanceof Stop.Signal s) {
            byte[] info = new byte[128];
            info[0] = (byte) s.signo();
            return info;
        }
        return new byte[0];
    }

    @Override
    public Set<String> cpuFeatures() {
        return avx512 ? Set.of("avx", "avx512") : Set.of();
    }

    @Override
    public void close() {
    }

    private void requireLive(TaskId task) {
        if (!tasks().contains(task)) {
            throw new IllegalArgumentException("no task " + task);
        }
    }
}
