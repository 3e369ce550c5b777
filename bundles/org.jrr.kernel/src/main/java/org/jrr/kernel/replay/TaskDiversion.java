package org.jrr.kernel.replay;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jrr.api.JrrException;
import org.jrr.api.arch.Registers;
import org.jrr.api.debug.BreakpointKind;
import org.jrr.api.debug.Diversion;
import org.jrr.api.debug.Direction;
import org.jrr.api.debug.Resume;
import org.jrr.api.debug.Stop;
import org.jrr.api.debug.TaskId;
import org.jrr.kernel.task.Siginfo;
import org.jrr.kernel.task.Task;
import org.jrr.linux.Linux;
import org.jrr.linux.Ptrace;
import org.jrr.linux.WaitStatus;

/**
 * A diversion: a copy of one replayed task (made as a snapshot's copies are, so it starts exactly where the task
 * stands), run for real with PTRACE_CONT and PTRACE_SINGLESTEP. It has its own int3s: the user's breakpoints at
 * its start, and those the debugger inserts meanwhile (gdb's return breakpoint of a call). Every ptrace call runs
 * on the replay's tracer thread, through {@code tracer}.
 */
final class TaskDiversion implements Diversion {
    private static final int SIGTRAP = 5, SIGKILL = 9, TRAP_TRACE = 2;
    private static final long WAIT_NANOS = 100_000_000L;
    private static final byte[] INT3 = {(byte) 0xcc};

    /** Runs a body on the tracer thread. */
    interface Tracer {
        <T> T call(Supplier<T> body);
    }

    private final Tracer tracer;
    private final TaskId id;
    private final ReplayTask copy;
    private final BooleanSupplier interrupted;
    /** Puts back what the diversion may have changed in memory it shares with the replay (files mapped shared). */
    private final Runnable undoShared;
    /** Our int3s, by address, with the bytes under them and how many times each was inserted. */
    private final Map<Long, byte[]> originals = new TreeMap<>();
    private final Map<Long, Integer> counts = new TreeMap<>();
    private Stop.Exited exit;
    private boolean closed;

    TaskDiversion(Tracer tracer, TaskId id, ReplayTask copy, Iterable<Long> breakpoints, BooleanSupplier interrupted,
            Runnable undoShared) {
        this.tracer = tracer;
        this.id = id;
        this.copy = copy;
        this.interrupted = interrupted;
        this.undoShared = undoShared;
        for (long a : breakpoints) {
            add(a);
        }
    }

    private Task process() {
        if (closed || exit != null) {
            throw new JrrException(closed ? "the diversion is over" : "the diverted process has ended");
        }
        return copy.task;
    }

    @Override
    public TaskId task() {
        return id;
    }

    @Override
    public Registers registers() {
        return tracer.call(() -> process().regs());
    }

    @Override
    public void setRegisters(Registers regs) {
        tracer.call(() -> {
            process().setRegs(regs);
            return null;
        });
    }

    @Override
    public byte[] fpRegisters() {
        return tracer.call(() -> process().linux().getFpRegs(process().tid()));
    }

    @Override
    public void setFpRegisters(byte[] fxsave) {
        tracer.call(() -> {
            process().linux().setFpRegs(process().tid(), fxsave);
            return null;
        });
    }

    @Override
    public byte[] xstate() {
        return tracer.call(() -> process().linux().getXState(process().tid()));
    }

    @Override
    public void setXState(byte[] xsave) {
        tracer.call(() -> {
            process().linux().setXState(process().tid(), xsave);
            return null;
        });
    }

    @Override
    public byte[] readMemory(long address, int length) {
        if (length < 0 || length > (1 << 24)) {
            throw new JrrException("cannot read " + length + " bytes at once");
        }
        return tracer.call(() -> {
            byte[] b = new byte[length];
            int n;
            try {
                n = process().memory().readPartial(address, b);
            } catch (IOException e) {
                n = 0;
            }
            byte[] out = n == length ? b : Arrays.copyOf(b, Math.max(n, 0));
            originals.forEach((a, orig) -> {
                long off = a - address;
                if (off >= 0 && off < out.length) {
                    out[(int) off] = orig[0];
                }
            });
            return out;
        });
    }

    @Override
    public boolean writeMemory(long address, byte[] data) {
        return tracer.call(() -> {
            byte[] d = data.clone();
            // a write over one of our int3s changes the byte under it; the int3 stays
            originals.forEach((a, orig) -> {
                long off = a - address;
                if (off >= 0 && off < d.length) {
                    orig[0] = d[(int) off];
                    d[(int) off] = INT3[0];
                }
            });
            try {
                process().memory().write(address, d);
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
    }

    @Override
    public boolean insert(BreakpointKind kind, long address, int length) {
        if (kind != BreakpointKind.SOFTWARE && kind != BreakpointKind.HARDWARE) {
            return false;
        }
        return tracer.call(() -> add(address));
    }

    private boolean add(long address) {
        if (!originals.containsKey(address)) {
            try {
                byte[] b = copy.task.memory().read(address, 1);
                copy.task.memory().write(address, INT3);
                originals.put(address, b);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        counts.merge(address, 1, Integer::sum);
        return true;
    }

    @Override
    public boolean remove(BreakpointKind kind, long address, int length) {
        if (kind != BreakpointKind.SOFTWARE && kind != BreakpointKind.HARDWARE) {
            return false;
        }
        return tracer.call(() -> {
            Integer n = counts.get(address);
            if (n == null) {
                return false;
            }
            if (n > 1) {
                counts.put(address, n - 1);
            } else {
                counts.remove(address);
                write(address, originals.remove(address));
            }
            return true;
        });
    }

    private void write(long address, byte[] b) {
        try {
            copy.task.memory().write(address, b);
        } catch (IOException | RuntimeException e) {
            // unmapped by the diverted code: nothing to put back
        }
    }

    @Override
    public Stop resume(Resume how) {
        if (how.direction() == Direction.BACKWARD) {
            throw new JrrException("a diversion (a function called by the debugger) cannot run backward");
        }
        return tracer.call(() -> exit != null ? exit : run(how instanceof Resume.Step));
    }

    private Stop run(boolean step) {
        Task t = process();
        long pc = t.regs().ip();
        byte[] under = originals.get(pc);
        if (under != null) { // step off our int3 with the program's byte in place
            write(pc, under);
            t.resume(Ptrace.SINGLESTEP, 0);
            WaitStatus st = t.waitStop();
            write(pc, INT3);
            if (step || !isStep(st)) {
                return stop(st, step);
            }
        }
        t.resume(step ? Ptrace.SINGLESTEP : Ptrace.CONT, 0);
        while (true) {
            WaitStatus st = await(t);
            if (st.stopped() && st.ptraceEvent() != 0 && st.ptraceEvent() != Ptrace.EVENT_STOP) {
                if (st.ptraceEvent() != Ptrace.EVENT_EXIT) {
                    killNewChild(t, st);
                }
                t.resume(Ptrace.CONT, 0); // on to its end, or on after a fork or exec it made
                continue;
            }
            return stop(st, step);
        }
    }

    /** A process the diverted code started (fork, clone) is not kept. */
    private static void killNewChild(Task t, WaitStatus st) {
        if (st.ptraceEvent() == Ptrace.EVENT_FORK || st.ptraceEvent() == Ptrace.EVENT_VFORK
                || st.ptraceEvent() == Ptrace.EVENT_CLONE) {
            int child = (int) t.linux().eventMessage(t.tid());
            t.linux().killQuietly(child, SIGKILL);
        }
    }

    private WaitStatus await(Task t) {
        Linux linux = t.linux();
        boolean asked = false;
        while (true) {
            WaitStatus st = linux.waitpid(t.tid(), 0, WAIT_NANOS);
            if (st.pid() != 0) {
                return st;
            }
            if (!asked && interrupted.getAsBoolean()) {
                linux.interrupt(t.tid());
                asked = true;
            }
        }
    }

    private boolean isStep(WaitStatus st) {
        return st.stopped() && st.stopSignal() == SIGTRAP && st.ptraceEvent() == 0
                && Siginfo.parse(copy.task.siginfo()).code() == TRAP_TRACE;
    }

    private Stop stop(WaitStatus st, boolean step) {
        if (!st.stopped()) {
            exit = new Stop.Exited(id, st.raw());
            return exit;
        }
        if (st.ptraceEvent() == Ptrace.EVENT_STOP) {
            return new Stop.Interrupted(id);
        }
        int sig = st.stopSignal();
        if (sig == SIGTRAP) {
            Siginfo si = Siginfo.parse(copy.task.siginfo());
            long at = copy.task.regs().ip() - 1;
            if (si.code() == Siginfo.SI_KERNEL && originals.containsKey(at)) {
                copy.task.setRegs(copy.task.regs().with(Registers.RIP, at));
                return new Stop.Breakpoint(id, at);
            }
            if (si.code() == TRAP_TRACE && step) {
                return new Stop.Stepped(id);
            }
        }
        return new Stop.Signal(id, sig); // not delivered: the debugger ends the call (gdb then restores)
    }

    @Override
    public void close() {
        tracer.call(() -> {
            if (!closed) {
                closed = true;
                Snapshot.discard(java.util.List.of(copy));
                undoShared.run(); // the copy shares the replay's file mappings: what it wrote there goes
            }
            return null;
        });
    }
}
