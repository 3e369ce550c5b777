package org.jrr.kernel.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.jrr.api.JrrException;
import org.jrr.api.arch.Registers;
import org.jrr.api.debug.BreakpointKind;
import org.jrr.api.debug.Direction;
import org.jrr.api.debug.ReplayControl;
import org.jrr.api.debug.Resume;
import org.jrr.api.debug.Stop;
import org.jrr.api.debug.TaskId;
import org.jrr.api.trace.Frame;

/**
 * A replay under a debugger. The replay runs on its tracer thread as in autopilot; at a stop the engine's
 * {@link Debugger} call parks that thread in {@link #pause}, where it runs the frontend's requests (ptrace works
 * only from the tracer thread) until one resumes. The frontend's thread waits for results, and for the next stop.
 */
final class DebugSession implements Debugger, ReplayControl {
    /** Unwinds the replay when the debugger closes it. */
    static final class Closed extends RuntimeException {
        Closed() {
            super("the debugger closed the replay", null, false, false);
        }
    }

    private interface Command {
    }

    private record Query(Supplier<?> body, CompletableFuture<Object> result) implements Command {
    }

    private record Go(Resume how, CompletableFuture<Stop> next) implements Command {
    }

    private record Close() implements Command {
    }

    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final CompletableFuture<Stop> initial = new CompletableFuture<>();
    private final Breakpoints breakpoints = new Breakpoints();
    private final Map<Integer, byte[]> siginfo = new HashMap<>();
    private final long goTo;
    private volatile Thread tracer;
    private volatile ReplaySession session;
    private volatile Stop lastStop;
    private volatile boolean interruptFlag;
    private volatile RuntimeException failure;
    private volatile boolean ended;
    private int pid;
    private long frame;
    private boolean started;
    private ReplayTask stepping;
    private boolean stoppedSinceResume;
    private CompletableFuture<Stop> waiting;

    DebugSession(int pid, long goTo) {
        this.pid = pid;
        this.goTo = goTo;
    }

    void attach(ReplaySession s) {
        session = s;
        tracer = Thread.currentThread();
    }

    /** Waits for the first stop (or the replay's failure to get there). */
    Stop awaitStart() {
        return get(initial);
    }

    /** The replay ended (run returned): the debugged process is done; requests are served until close. */
    void finished() {
        ended = true;
        if (!started) {
            fail(new JrrException(pid == 0 ? "the trace ends before the program starts"
                    : "the trace has no process " + pid));
            return;
        }
        Stop last = lastStop;
        if (!(last instanceof Stop.Exited)) {
            pause(new Stop.Exited(last.task(), 9)); // cut short: as if killed there
        }
        while (true) {
            pause(lastStop);
        }
    }

    /** The replay failed (a divergence, a broken trace): waiting callers get the error; later calls too. */
    void fail(RuntimeException e) {
        failure = e;
        initial.completeExceptionally(e);
        if (waiting != null) {
            waiting.completeExceptionally(e);
        }
        while (true) { // answer (with the error) until closed
            Command c;
            try {
                c = commands.take();
            } catch (InterruptedException ie) {
                return;
            }
            switch (c) {
                case Query q -> q.result().completeExceptionally(e);
                case Go g -> g.next().completeExceptionally(e);
                case Close x -> {
                    return;
                }
                default -> {
                }
            }
        }
    }

    // ---- the engine's side (tracer thread)

    private void pause(Stop stop) {
        lastStop = stop;
        stoppedSinceResume = true;
        if (!initial.isDone()) {
            initial.complete(stop);
        } else if (waiting != null) {
            waiting.complete(stop);
            waiting = null;
        }
        while (true) {
            Command c;
            try {
                c = commands.take();
            } catch (InterruptedException e) {
                throw new Closed();
            }
            switch (c) {
                case Query q -> {
                    try {
                        q.result().complete(q.body().get());
                    } catch (RuntimeException e) {
                        q.result().completeExceptionally(e);
                    }
                }
                case Go g -> {
                    if (g.how().direction() == Direction.BACKWARD) {
                        g.next().completeExceptionally(new JrrException("reverse execution is not available yet"));
                        continue;
                    }
                    if (ended) {
                        g.next().complete(lastStop);
                        continue;
                    }
                    waiting = g.next();
                    stoppedSinceResume = false;
                    interruptFlag = false;
                    stepping = g.how() instanceof Resume.Step s ? live(s.task().tid()) : null;
                    return;
                }
                case Close x -> throw new Closed();
                default -> throw new IllegalStateException("unknown command " + c);
            }
        }
    }

    private boolean debugged(ReplayTask t) {
        return pid != 0 && t.recordedPid == pid;
    }

    private TaskId id(ReplayTask t) {
        return new TaskId(t.recordedPid, t.recordedTid);
    }

    /** A task of the debugged process to name in a stop that is not about one of them. */
    private TaskId anyDebugged(ReplayTask fallback) {
        for (ReplayTask t : session.liveTasks()) {
            if (debugged(t)) {
                return id(t);
            }
        }
        return lastStop != null ? lastStop.task() : id(fallback);
    }

    @Override
    public void beforeFrame(ReplayTask t, Frame f) {
        frame = f.number();
        if (!started && pid != 0 && f.number() >= goTo && session.liveTasks().stream().anyMatch(this::debugged)) {
            started = true;
            pause(new Stop.Stepped(anyDebugged(t)));
        } else if (started && interruptFlag) {
            interruptFlag = false;
            pause(new Stop.Interrupted(anyDebugged(t)));
        }
    }

    @Override
    public void afterFrame(ReplayTask t, Frame f) {
        if (stepping == t && !stoppedSinceResume && session.liveTasks().contains(t)) {
            pause(new Stop.Stepped(id(t))); // the step ran into a syscall (or a signal): done once it is
        }
    }

    @Override
    public boolean stepping(ReplayTask t) {
        return started && stepping == t;
    }

    @Override
    public void stepped(ReplayTask t) {
        pause(new Stop.Stepped(id(t)));
    }

    @Override
    public boolean breakpointAt(ReplayTask t, long address) {
        return started && debugged(t) && breakpoints.has(address);
    }

    @Override
    public void lift(ReplayTask t, long address) {
        breakpoints.lift(t.task, address);
    }

    @Override
    public void lower(ReplayTask t, long address) {
        breakpoints.lower(t.task, address);
    }

    @Override
    public void breakpoint(ReplayTask t, long address) {
        pause(new Stop.Breakpoint(id(t), address));
    }

    @Override
    public boolean interruptRequested() {
        return started && interruptFlag;
    }

    @Override
    public void interrupted(ReplayTask t) {
        interruptFlag = false;
        pause(new Stop.Interrupted(debugged(t) ? id(t) : anyDebugged(t)));
    }

    @Override
    public void signal(ReplayTask t, int signo, byte[] info) {
        if (started && debugged(t)) {
            siginfo.put(t.recordedTid, info.clone());
            pause(new Stop.Signal(id(t), signo));
        }
    }

    @Override
    public void beforeCopy(ReplayTask t) {
        if (debugged(t)) {
            breakpoints.liftAll(t.task);
        }
    }

    @Override
    public void afterCopy(ReplayTask t) {
        if (debugged(t)) {
            breakpoints.lowerAll(t.task);
        }
    }

    @Override
    public void execed(ReplayTask t) {
        if (pid == 0) {
            pid = t.recordedPid;
        }
        t.auxv = readAuxv(t);
        if (debugged(t)) {
            breakpoints.forgetAll();
        }
    }

    @Override
    public void exited(ReplayTask t, int waitStatus) {
        if (!started || !debugged(t)) {
            return;
        }
        if (session.liveTasks().stream().noneMatch(this::debugged)) {
            pause(new Stop.Exited(id(t), waitStatus));
        }
    }

    /** The auxiliary vector from the new program's stack: argc, argv..., 0, envp..., 0, then the pairs. */
    private static byte[] readAuxv(ReplayTask t) {
        try {
            var mem = t.task.memory();
            long sp = t.task.regs().sp();
            long argc = word(t, sp);
            long p = sp + 8 * (argc + 2);
            while (word(t, p) != 0) {
                p += 8;
            }
            p += 8;
            long start = p;
            while (word(t, p) != 0) { // AT_NULL ends it
                p += 16;
            }
            return mem.read(start, (int) (p + 16 - start));
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    private static long word(ReplayTask t, long address) throws IOException {
        return ByteBuffer.wrap(t.task.memory().read(address, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    // ---- the frontend's side (any thread)

    private <T> T call(Supplier<T> body) {
        if (Thread.currentThread() == tracer) {
            return body.get();
        }
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        CompletableFuture<Object> r = new CompletableFuture<>();
        commands.add(new Query(body, r));
        @SuppressWarnings("unchecked")
        T t = (T) get(r);
        return t;
    }

    private static <T> T get(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrrException("interrupted while waiting for the replay");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new JrrException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    private ReplayTask live(int tid) {
        for (ReplayTask t : session.liveTasks()) {
            if (t.recordedTid == tid) {
                return t;
            }
        }
        throw new JrrException("no task " + tid + " is alive at this point of the replay");
    }

    private ReplayTask anyLiveDebugged() {
        for (ReplayTask t : session.liveTasks()) {
            if (debugged(t)) {
                return t;
            }
        }
        throw new JrrException("process " + pid + " has no live task at this point of the replay");
    }

    @Override
    public Stop lastStop() {
        RuntimeException f = failure;
        if (f != null && lastStop == null) {
            throw f;
        }
        return lastStop;
    }

    @Override
    public List<TaskId> tasks() {
        return call(() -> {
            List<TaskId> out = new ArrayList<>();
            for (ReplayTask t : session.liveTasks()) {
                if (debugged(t)) {
                    out.add(id(t));
                }
            }
            return out;
        });
    }

    @Override
    public Registers registers(TaskId task) {
        return call(() -> live(task.tid()).task.regs());
    }

    @Override
    public byte[] fpRegisters(TaskId task) {
        return call(() -> {
            ReplayTask t = live(task.tid());
            return t.task.linux().getFpRegs(t.task.tid());
        });
    }

    @Override
    public byte[] readMemory(TaskId task, long address, int length) {
        if (length < 0 || length > (1 << 24)) {
            throw new JrrException("cannot read " + length + " bytes at once");
        }
        return call(() -> {
            ReplayTask t = live(task.tid());
            byte[] b = new byte[length];
            int n;
            try {
                n = t.task.memory().readPartial(address, b);
            } catch (IOException e) {
                n = 0;
            }
            byte[] out = n == length ? b : java.util.Arrays.copyOf(b, Math.max(n, 0));
            if (debugged(t)) {
                breakpoints.hide(address, out);
            }
            return out;
        });
    }

    @Override
    public boolean insert(BreakpointKind kind, long address, int length) {
        if (kind != BreakpointKind.SOFTWARE) {
            return false; // debug registers come with reverse execution
        }
        return call(() -> breakpoints.insert(anyLiveDebugged().task, address));
    }

    @Override
    public boolean remove(BreakpointKind kind, long address, int length) {
        if (kind != BreakpointKind.SOFTWARE) {
            return false;
        }
        return call(() -> {
            List<ReplayTask> live = session.liveTasks().stream().filter(this::debugged).toList();
            if (live.isEmpty()) {
                return false;
            }
            return breakpoints.remove(live.get(0).task, address);
        });
    }

    @Override
    public Stop resume(Resume how) {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        CompletableFuture<Stop> next = new CompletableFuture<>();
        commands.add(new Go(how, next));
        return get(next);
    }

    @Override
    public void interrupt() {
        interruptFlag = true;
    }

    @Override
    public long event() {
        return call(() -> frame);
    }

    @Override
    public byte[] auxv(TaskId task) {
        return call(() -> live(task.tid()).auxv.clone());
    }

    @Override
    public String executable(TaskId task) {
        return call(() -> live(task.tid()).exe);
    }

    @Override
    public byte[] siginfo(TaskId task) {
        return call(() -> {
            byte[] s = siginfo.get(task.tid());
            return s == null ? new byte[0] : s.clone();
        });
    }

    @Override
    public Set<String> cpuFeatures() {
        return Set.of();
    }

    @Override
    public void close() {
        interruptFlag = true;
        commands.add(new Close());
        Thread t = tracer;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
