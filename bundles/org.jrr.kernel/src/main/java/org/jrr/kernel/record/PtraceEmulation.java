package org.jrr.kernel.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jrr.api.arch.Registers;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.trace.MemWrite;

/**
 * ptrace between tasks of the recording, emulated: jrr is every task's real tracer, so a task that traces another
 * (a debugger, a sandbox) does it through jrr. A traced task's asynchronous signals become stops that jrr holds and
 * reports to the tracer's wait; the tracer's requests are carried out by jrr on the held task and their results
 * written into the tracer, where the syscall's handler records them, so replay only emulates the calls.
 *
 * <p>Emulated: PTRACE_TRACEME; PEEKTEXT/PEEKDATA/PEEKUSER (registers), POKETEXT/POKEDATA (recorded as a memory
 * frame of the tracee), GETREGS, GETSIGINFO, CONT (with or without a signal), KILL, DETACH; the tracer's wait4
 * while a stop waits for it. Everything else (attaching to another process, syscall stops, single steps,
 * options) is refused by the ptrace handler, and named.
 */
final class PtraceEmulation {
    static final int TRACEME = 0, PEEKTEXT = 1, PEEKDATA = 2, PEEKUSER = 3, POKETEXT = 4, POKEDATA = 5, CONT = 7,
            KILL = 8, GETREGS = 12, DETACH = 17, GETSIGINFO = 0x4202;
    private static final long ESRCH = 3, EIO = 5, EFAULT = 14;

    /** A held tracee's stop: its wait status and, for a signal stop, the signal's siginfo. */
    record Stop(int status, byte[] siginfo) {
    }

    /** What the session must do after a request: resume the tracee (with a signal), kill it, or nothing. */
    sealed interface After {
        record Nothing() implements After {
        }

        /** {@code stop} is the one the tracee was held at. */
        record Resume(int tid, int sig, Stop stop) implements After {
        }

        record Kill(int tid) implements After {
        }
    }

    /** The answer to a request: the call's result, memory the tracee got, what to do next. */
    record Answer(long result, MemWrite traceeWrite, After after) {
    }

    /** Tracee tid to the thread group of its tracer. */
    private final Map<Integer, Integer> tracerOf = new HashMap<>();
    /** Tracees held at a stop, by tid. */
    private final Map<Integer, Stop> held = new HashMap<>();
    /** Per tracer thread group, the tracees whose stop it has not waited for yet, oldest first. */
    private final Map<Integer, ArrayDeque<Integer>> unreported = new HashMap<>();

    /** Per tracee, the signal its tracer passed on: delivered when it comes, not a stop again. */
    private final Map<Integer, Integer> passing = new HashMap<>();

    boolean traced(int tid) {
        return tracerOf.containsKey(tid);
    }

    /** Whether signal {@code sig} of {@code tid} is to stop it for its tracer (not one the tracer passed on). */
    boolean stops(int tid, int sig) {
        if (passing.remove(tid, sig)) {
            return false;
        }
        return tracerOf.containsKey(tid);
    }

    /** The tracer (thread group) of {@code tid}, or -1. */
    int tracer(int tid) {
        return tracerOf.getOrDefault(tid, -1);
    }

    boolean held(int tid) {
        return held.containsKey(tid);
    }

    /** PTRACE_TRACEME of {@code tid}: its parent, the thread group {@code parent}, becomes its tracer. */
    void traceMe(int tid, int parent) {
        tracerOf.put(tid, parent);
    }

    /** The traced task {@code tid} stops: held until its tracer continues it; the tracer's wait will see it. */
    void stopped(int tid, Stop stop) {
        held.put(tid, stop);
        unreported.computeIfAbsent(tracerOf.get(tid), k -> new ArrayDeque<>()).add(tid);
    }

    /**
     * A wait of thread group {@code tracer} for {@code pid} (-1: any child): the tracee whose stop it reports, with
     * its status, or null when none waits to be reported (the kernel makes the wait).
     */
    int[] takeStop(int tracer, long pid) {
        ArrayDeque<Integer> q = unreported.get(tracer);
        if (q == null) {
            return null;
        }
        for (Integer tid : q) {
            if (pid == -1 || pid == tid) {
                q.remove(tid);
                return new int[] {tid, held.get(tid).status()};
            }
        }
        return null;
    }

    /** Whether thread group {@code tracer} traces a task not held now, whose stop a blocking wait may be for. */
    boolean mayStop(int tracer, long pid) {
        return tracerOf.entrySet().stream().anyMatch(e -> e.getValue() == tracer && !held.containsKey(e.getKey())
                && (pid == -1 || pid == e.getKey()));
    }

    /** {@code tid} has ended (or its tracer has): it is no longer traced. */
    void gone(int tid) {
        Integer tracer = tracerOf.remove(tid);
        held.remove(tid);
        passing.remove(tid);
        if (tracer != null && unreported.get(tracer) instanceof ArrayDeque<Integer> q) {
            q.remove(tid);
        }
    }

    /** The tracees of thread group {@code tracer}, released when it ends: each held one is resumed. */
    java.util.List<Integer> release(int tracer) {
        java.util.List<Integer> resumed = new java.util.ArrayList<>();
        for (Integer tid : tracerOf.entrySet().stream().filter(e -> e.getValue() == tracer).map(Map.Entry::getKey)
                .toList()) {
            if (held.containsKey(tid)) {
                resumed.add(tid);
            }
            gone(tid);
        }
        unreported.remove(tracer);
        return resumed;
    }

    /**
     * A request of thread group {@code caller} (task {@code callerTask} makes it) about {@code target}, or null
     * when it is not emulated. The tracee must be held and traced by the caller, as the kernel requires.
     */
    Answer request(int caller, RecordTask callerTask, SyscallCall call, RecordTask target) throws IOException {
        int request = (int) call.arg(0);
        if (request == TRACEME) {
            return null; // answered by the session, which knows the parent
        }
        boolean known = switch (request) {
            case PEEKTEXT, PEEKDATA, PEEKUSER, POKETEXT, POKEDATA, CONT, KILL, GETREGS, DETACH, GETSIGINFO -> true;
            default -> false;
        };
        if (!known) {
            return null;
        }
        if (target == null || tracerOf.getOrDefault(target.tid(), -1) != caller
                || request != KILL && !held.containsKey(target.tid())) {
            return new Answer(-ESRCH, null, new After.Nothing());
        }
        long addr = call.arg(2), data = call.arg(3);
        Stop stop = held.get(target.tid());
        try {
            return switch (request) {
                case PEEKTEXT, PEEKDATA -> {
                    byte[] word = target.task.memory().read(addr, 8);
                    callerTask.task.memory().write(data, word);
                    yield new Answer(0, null, new After.Nothing());
                }
                case PEEKUSER -> {
                    if (addr % 8 != 0 || addr / 8 >= Registers.COUNT) {
                        yield new Answer(-EIO, null, new After.Nothing());
                    }
                    callerTask.task.memory().write(data, word(target.task.regs().get((int) (addr / 8))));
                    yield new Answer(0, null, new After.Nothing());
                }
                case POKETEXT, POKEDATA -> {
                    byte[] word = word(data);
                    target.task.memory().write(addr, word);
                    yield new Answer(0, new MemWrite(addr, word), new After.Nothing());
                }
                case GETREGS -> {
                    Registers r = target.task.regs();
                    ByteBuffer b = ByteBuffer.allocate(Registers.COUNT * 8).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < Registers.COUNT; i++) {
                        b.putLong(r.get(i));
                    }
                    callerTask.task.memory().write(data, b.array());
                    yield new Answer(0, null, new After.Nothing());
                }
                case GETSIGINFO -> {
                    if (stop.siginfo() == null) {
                        yield new Answer(-EIO, null, new After.Nothing()); // an exec stop carries none
                    }
                    callerTask.task.memory().write(data, stop.siginfo());
                    yield new Answer(0, null, new After.Nothing());
                }
                case KILL -> new Answer(0, null, new After.Kill(target.tid()));
                default -> { // CONT, DETACH: data is the signal to deliver, 0 for none
                    if (data < 0 || data > 64) {
                        yield new Answer(-EIO, null, new After.Nothing());
                    }
                    held.remove(target.tid());
                    if (request == DETACH) {
                        gone(target.tid());
                    }
                    if (data != 0) {
                        passing.put(target.tid(), (int) data);
                    }
                    yield new Answer(0, null, new After.Resume(target.tid(), (int) data, stop));
                }
            };
        } catch (IOException | RuntimeException e) {
            return new Answer(-EFAULT, null, new After.Nothing());
        }
    }

    /** The siginfo a held signal stop had. */
    Stop stopOf(int tid) {
        return held.get(tid);
    }

    private static byte[] word(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }
}
