package org.jrr.kernel.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jrr.api.JrrException;
import org.jrr.api.arch.Registers;
import org.jrr.api.debug.BreakpointKind;
import org.jrr.api.debug.Checkpoint;
import org.jrr.api.debug.Direction;
import org.jrr.api.debug.Diversion;
import org.jrr.api.debug.ReplayControl;
import org.jrr.api.debug.Restart;
import org.jrr.api.debug.Resume;
import org.jrr.api.debug.Stop;
import org.jrr.api.debug.TaskId;
import org.jrr.api.syscall.ReplayAction;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.MemWrite;
import org.jrr.api.trace.SyscallEvent;
import org.jrr.kernel.sched.MemoryDigest;
import org.jrr.kernel.task.Task;

/**
 * A replay under a debugger. The replay runs on its tracer thread as in autopilot; at a stop the engine's
 * {@link Debugger} call parks that thread in {@link #pause}, where it runs the frontend's requests (ptrace works
 * only from the tracer thread) until one resumes. The frontend's thread waits for results, and for the next stop.
 *
 * <p>Going backward replays the trace again from its start (the engine's run is unwound by {@link Rewind}), toward
 * a {@link Goal}: the moment the user stands at, with the breakpoint hits on the way collected (reverse continue)
 * or the task stepped (reverse step); once there, again to the last hit or step found, and the user is back in
 * control. Moments are {@link Mark}s.
 */
final class DebugSession implements Debugger, ReplayControl {
    /** Unwinds the replay when the debugger closes it. */
    static final class Closed extends RuntimeException {
        Closed() {
            super("the debugger closed the replay", null, false, false);
        }
    }

    /** Unwinds the replay so that the next one, from the start, runs toward the session's new goal. */
    static final class Rewind extends RuntimeException {
        Rewind() {
            super("the replay starts again", null, false, false);
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

    /** Replays toward {@code goal} (a restart). */
    private record Jump(Goal goal, CompletableFuture<Stop> next) implements Command {
    }

    /** What a replay that the user does not drive does at its goal's target. */
    private sealed interface Purpose {
        /** Stops there, with the stop made for the task there. */
        record Land(Function<TaskId, Stop> stop) implements Purpose {
        }

        /** Notes the user's breakpoint hits on the way; at the target, goes to the last one. */
        record Hits() implements Purpose {
        }

        /**
         * Steps task {@code tid} in its frames from {@code from} on; at the target, goes to the last place it stood
         * (but one at {@code dropAt}: the faulting instruction a signal stop stands at).
         */
        record Steps(int tid, long from, long dropAt, Function<TaskId, Stop> land) implements Purpose {
        }
    }

    private record Goal(Mark target, Purpose purpose) {
    }

    /** A stop on the way; {@code before}: the user is shown the moment before it (a write seen after it). */
    private record Hit(Mark mark, int tid, Stop stop, boolean before) {
    }

    private record Saved(Mark mark, long event) {
    }

    private static final Goal ORIGIN = new Goal(new Mark.Before(0), new Purpose.Land(Stop.HistoryStart::new));

    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final CompletableFuture<Stop> initial = new CompletableFuture<>();
    private final Breakpoints breakpoints = new Breakpoints();
    private final Watchpoints watches = new Watchpoints();
    private final Map<Integer, byte[]> siginfo = new HashMap<>();
    /** Read once from a task: the CPU stays the same through a replay. */
    private XStateLayout xstateLayout;
    private final FrameTasks frameTasks = new FrameTasks();
    private volatile Thread tracer;
    private volatile ReplaySession session;
    private volatile Stop lastStop;
    private volatile boolean interruptFlag;
    private volatile RuntimeException failure;
    private volatile boolean ended;
    /** Where the replay runs to while the user does not drive it; null while the user does. */
    private volatile Goal goal;
    private int pid;
    private CompletableFuture<Stop> waiting;
    private final Map<Integer, Saved> checkpoints = new ConcurrentSkipListMap<>();
    private final long goTo;
    private int lastCheckpoint;
    /** The step collected last: stepping back again walks it. */
    private StepHistory history;
    private final Snapshots snapshots;

    // ---- the state of one replay (reset by attach)
    private long frame;
    /** The frame this replay started before: 0 from the start, else its snapshot's. */
    private long runStart;
    /** The debugged process lives (or lived) in this replay. */
    private boolean started;
    /** The debugged address space, by its heap (shared exactly by the tasks that share memory). */
    private ReplayTask.Heap space;
    /** The frame that made it: breakpoints belong to one. */
    private long spaceFrame = -1;
    /** How many times a task stood at each address in this frame. */
    private final Map<Long, Long> arrivals = new HashMap<>();
    private ReplayTask stepping;
    private boolean stoppedSinceResume;
    /** Where the last stop is: a mark, or null for the moment {@code hereTask} stands at. */
    private Mark here;
    private ReplayTask hereTask;
    /** A start of a run at the last stop's place is not a new arrival there. */
    private ReplayTask pausedTask;
    private long pausedPc;
    private Hit lastHit;
    /** Watchpoint traps in this frame. */
    private long watchTraps;
    /** A watchpoint fired during the user's single step: the step's end reports it. */
    private Stop watchDuringStep;
    private StepHistory collecting;
    private ReplayTask plantedIn;
    private long plantedAt;

    DebugSession(int pid, long goTo, Snapshots snapshots) {
        this.snapshots = snapshots;
        this.pid = pid;
        this.goTo = goTo;
        this.goal = new Goal(new Mark.Before(goTo), new Purpose.Land(Stop.Stepped::new));
    }

    /** A replay starts (the first, or one toward a goal). */
    void attach(ReplaySession s) {
        session = s;
        tracer = Thread.currentThread();
        frame = 0;
        runStart = 0;
        started = false;
        ended = false;
        space = null;
        spaceFrame = -1;
        arrivals.clear();
        stepping = null;
        here = null;
        hereTask = null;
        pausedTask = null;
        lastHit = null;
        watchDuringStep = null;
        plantedIn = null;
        collecting = goal != null && goal.purpose() instanceof Purpose.Steps st ? new StepHistory(st.tid()) : null;
    }

    /** Where the next replay starts: the latest snapshot before what its goal needs to see, or null. */
    Snapshot startingPoint() {
        Goal g = goal;
        if (g == null) {
            return null;
        }
        long needed = switch (g.purpose()) {
            case Purpose.Steps s -> Math.min(s.from(), g.target().frame());
            // the hits are looked for before the target: a snapshot at its frame would leave nothing to look at
            case Purpose.Hits h -> g.target() instanceof Mark.Before b ? b.frame() - 1 : g.target().frame();
            case Purpose.Land l -> g.target().frame();
        };
        Snapshots.Kept k = snapshots.atOrBefore(needed);
        return k == null ? null : k.snapshot();
    }

    @Override
    public void restored(Snapshot s) {
        Snapshots.Kept k = snapshots.at(s.frame);
        List<ReplayTask> live = new ArrayList<>(session.liveTasks());
        runStart = s.frame;
        frame = s.frame - 1;
        started = k.started();
        spaceFrame = k.spaceFrame();
        space = k.space() >= 0 ? live.get(k.space()).heap : null;
        if (space != null) {
            breakpoints.enter(live.get(k.space()).task, spaceFrame); // the copies have none of the int3s
            applyWatches();
        }
    }

    /** Ends the snapshots' processes (on the tracer thread, which alone may wait for them). */
    void discardSnapshots() {
        snapshots.discardAll();
    }

    /** Takes a snapshot before this frame if one is due. */
    private void snapshotIfDue() {
        if (!snapshots.due(frame)) {
            return;
        }
        Snapshot s;
        try {
            s = session.snapshot();
        } catch (RuntimeException e) {
            snapshots.broken();
            System.err.println("jrr: cannot take a snapshot at event " + frame + " (" + e.getMessage()
                    + "); going back replays from the start");
            return;
        }
        if (s != null) {
            int index = 0; // the copies are in the order of the live tasks
            for (ReplayTask t : session.liveTasks()) {
                if (t.heap == space) {
                    break;
                }
                index++;
            }
            snapshots.add(frame, new Snapshots.Kept(s, started, index < s.tasks.size() ? index : -1, spaceFrame));
        }
    }

    /** Whether the program's output is to be shown: not while replaying toward a goal. */
    boolean echoing() {
        return goal == null;
    }

    /** Waits for the first stop (or the replay's failure to get there). */
    Stop awaitStart() {
        return get(initial);
    }

    /** The replay ended (run returned): the debugged process is done; requests are served until close. */
    void finished() {
        ended = true;
        if (!initial.isDone()) {
            fail(new JrrException(pid == 0 ? "the trace ends before the program starts"
                    : "the trace has no process " + pid + (goal.target().frame() > 0
                            ? " at or after event " + goal.target().frame() : "")));
            return;
        }
        if (goal != null) {
            Mark missed = goal.target();
            goal = null;
            if (waiting != null) {
                waiting.completeExceptionally(new JrrException(missed instanceof Mark.Before b
                        ? "event " + b.frame() + " is past the end of the recording (or of the debugged process);"
                                + " the replay is at its end"
                        : "the replay did not come back to the place it was going to; it is at its end"));
                waiting = null;
            }
        }
        Stop last = lastStop;
        if (!(last instanceof Stop.Exited)) {
            pause(new Stop.Exited(last.task(), 9), new Mark.After(frame), null); // cut short: as if killed there
        }
        while (true) {
            pause(lastStop, here, null);
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

    /** Stops at {@code stop}: the user's moment is {@code mark}, or (null) the one {@code t} stands at. */
    private void pause(Stop stop, Mark mark, ReplayTask t) {
        lastStop = stop;
        here = mark;
        hereTask = t;
        pausedTask = t;
        pausedPc = t != null && session.liveTasks().contains(t) ? t.task.regs().ip() : -1;
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
                        Goal back;
                        try {
                            back = backward(g.how());
                        } catch (RuntimeException e) {
                            g.next().completeExceptionally(e);
                            continue;
                        }
                        goal = back;
                        waiting = g.next();
                        interruptFlag = false;
                        throw new Rewind();
                    }
                    if (ended) {
                        g.next().complete(lastStop);
                        continue;
                    }
                    waiting = g.next();
                    snapshots.running();
                    stoppedSinceResume = false;
                    interruptFlag = false;
                    stepping = g.how() instanceof Resume.Step s ? live(s.task().tid()) : null;
                    return;
                }
                case Jump j -> {
                    goal = j.goal();
                    waiting = j.next();
                    interruptFlag = false;
                    throw new Rewind();
                }
                case Close x -> throw new Closed();
                default -> throw new IllegalStateException("unknown command " + c);
            }
        }
    }

    // ---- going backward

    private Goal backward(Resume how) {
        Mark p = markHere();
        return switch (how) {
            case Resume.Continue c -> new Goal(p, new Purpose.Hits());
            case Resume.Step s -> stepBack(p, s.task().tid());
        };
    }

    /** The moment the user stands at, named for a later replay. */
    private Mark markHere() {
        if (here == null) {
            ReplayTask t = hereTask;
            here = new Mark.Described(frame, t.recordedTid, t.task.regs(), digest(t));
        }
        return here;
    }

    private Goal stepBack(Mark p, int tid) {
        if (p instanceof Mark.Counted c && history != null) {
            Mark.Counted previous = history.before(c);
            if (previous != null) {
                return new Goal(previous, new Purpose.Land(Stop.Stepped::new));
            }
        }
        boolean inFrame = switch (p) {
            case Mark.Counted c -> c.tid() == tid;
            case Mark.Described d -> d.tid() == tid;
            case Mark.Before b -> false;
            default -> frameTasks.get(p.frame()) == tid;
        };
        long from = frameTasks.back(p.frame() + (inFrame ? 1 : 0), tid, 4);
        if (from < 0) {
            return ORIGIN;
        }
        long dropAt = p instanceof Mark.AtSignal && hereTask != null ? hereTask.task.regs().ip() : 0;
        return new Goal(p, new Purpose.Steps(tid, from, dropAt, Stop.Stepped::new));
    }

    /** The replay is at its goal's target; {@code t} is the task there, if one. */
    private void reached(ReplayTask t) {
        Goal g = goal;
        unplantTarget();
        switch (g.purpose()) {
            case Purpose.Land land -> {
                goal = null;
                Mark landed = g.target() instanceof Mark.Before ? new Mark.Before(frame) : g.target();
                TaskId id = t != null && debugged(t) ? id(t) : anyDebugged(t);
                pause(land.stop().apply(id), landed, g.target() instanceof Mark.Before ? null : t);
            }
            case Purpose.Hits h -> {
                Hit last = lastHit;
                if (last == null) {
                    // none since this replay's start: look before it, up to the next snapshot back
                    goal = runStart > 0 ? new Goal(new Mark.Before(runStart), new Purpose.Hits()) : ORIGIN;
                } else if (!last.before()) {
                    goal = new Goal(last.mark(), new Purpose.Land(id -> last.stop()));
                } else {
                    // the instruction (or syscall) that wrote: found by stepping its task up to the write
                    long from = frameTasks.back(last.mark().frame() + 1, last.tid(), 1);
                    goal = new Goal(last.mark(), new Purpose.Steps(last.tid(), from, 0, id -> last.stop()));
                }
                throw new Rewind();
            }
            case Purpose.Steps s -> {
                StepHistory h = collecting;
                if (s.dropAt() != 0 && !h.isEmpty() && h.last().ip() == s.dropAt()) {
                    h.dropLast();
                }
                if (!h.isEmpty()) {
                    history = h;
                    goal = new Goal(h.last(), new Purpose.Land(s.land()));
                } else {
                    long earlier = frameTasks.back(s.from(), s.tid(), 16);
                    goal = earlier < 0 ? ORIGIN
                            : new Goal(g.target(), new Purpose.Steps(s.tid(), earlier, s.dropAt(), s.land()));
                }
                throw new Rewind();
            }
        }
    }

    private boolean atTarget(Mark m, ReplayTask t, long pc, long n) {
        return switch (m) {
            case Mark.Counted c -> c.frame() == frame && c.tid() == t.recordedTid && c.ip() == pc && c.ordinal() == n;
            case Mark.Described d -> d.frame() == frame && d.tid() == t.recordedTid && d.regs().ip() == pc
                    && SwitchPoint.sameRegisters(d.regs(), t.task.regs()) && digest(t) == d.digest();
            default -> false;
        };
    }

    /** An int3 at the target's address for the whole frame, so that every arrival there is seen and counted. */
    private void plantTarget(ReplayTask t, Mark m) {
        long ip = switch (m) {
            case Mark.Counted c when c.frame() == frame && c.tid() == t.recordedTid -> c.ip();
            case Mark.Described d when d.frame() == frame && d.tid() == t.recordedTid -> d.regs().ip();
            default -> 0;
        };
        if (ip != 0 && t.heap == space && breakpoints.plant(t.task, ip, spaceFrame)) {
            plantedIn = t;
            plantedAt = ip;
        }
    }

    private void unplantTarget() {
        if (plantedIn != null) {
            breakpoints.unplant(plantedIn.task, plantedAt);
            plantedIn = null;
        }
    }

    /** Registers, FPU state and writable memory of a task, as one number (see {@link Mark.Described}). */
    private static long digest(ReplayTask t) {
        long h = MemoryDigest.capture(t.task, new long[0]).value();
        byte[] fp = t.task.linux().getFpRegs(t.task.tid());
        return h * 31 + Arrays.hashCode(fp);
    }

    // ---- the engine's calls

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
        arrivals.clear();
        watchTraps = 0;
        frameTasks.put(frame, f.tid());
        if (!started && pid != 0 && session.liveTasks().stream().anyMatch(this::debugged)) {
            started = true;
        }
        snapshotIfDue();
        if (!started) {
            return;
        }
        if (watches.emulating()) {
            Task any = liveDebugged();
            if (any != null) {
                watches.remember(any); // syscalls and restored snapshots change memory without a step
            }
        }
        Goal g = goal;
        if (g != null && interruptFlag) {
            // the user stops a long way back (or to a checkpoint) where the replay toward it has got to
            goal = null;
            unplantTarget();
            interruptFlag = false;
            pause(new Stop.Interrupted(anyDebugged(t)), new Mark.Before(frame), null);
        } else if (g != null) {
            if (g.target() instanceof Mark.Before b && frame >= b.frame()) {
                reached(t);
            } else {
                plantTarget(t, g.target());
            }
        } else if (interruptFlag) {
            interruptFlag = false;
            pause(new Stop.Interrupted(anyDebugged(t)), new Mark.Before(frame), null);
        }
    }

    @Override
    public void afterFrame(ReplayTask t, Frame f) {
        unplantTarget();
        if (t.heap == space && f.event() instanceof SyscallEvent s && s.action() != ReplayAction.EMULATE) {
            breakpoints.refresh(t.task, spaceFrame); // memory may have been mapped where the user's are
        }
        Goal g = goal;
        Stop write = started && debugged(t) ? syscallWrite(t, f) : null;
        if (g != null) {
            if (started && g.target() instanceof Mark.After a && a.frame() == f.number()) {
                reached(t);
            } else if (write != null && g.purpose() instanceof Purpose.Hits) {
                lastHit = new Hit(new Mark.After(f.number()), t.recordedTid, write, true);
            }
        } else if (write != null && session.liveTasks().contains(t)) {
            pause(write, new Mark.After(f.number()), t);
        } else if (stepping == t && !stoppedSinceResume && session.liveTasks().contains(t)) {
            // the step ran into a syscall (or a signal): done once it is
            pause(new Stop.Stepped(id(t)), new Mark.After(f.number()), t);
        }
    }

    @Override
    public void poised(ReplayTask t, long pc, Arrival how) {
        if (!started || t.heap != space) {
            return;
        }
        if (how == Arrival.STEP && watches.emulating()) {
            Watchpoints.Watch w = watches.changed(t.task);
            if (w != null && watchHit(t, w)) {
                return; // shown; the user went on from here
            }
        }
        long n = arrivals.merge(pc, 1L, Long::sum);
        Goal g = goal;
        if (g != null) {
            if (atTarget(g.target(), t, pc, n)) {
                reached(t);
            } else if (g.purpose() instanceof Purpose.Steps s && steps(s, t)) {
                collecting.add(frame, pc, n);
            } else if (g.purpose() instanceof Purpose.Hits && debugged(t) && breakpoints.isUser(pc)) {
                lastHit = new Hit(new Mark.Counted(frame, t.recordedTid, pc, n), t.recordedTid,
                        new Stop.Breakpoint(id(t), pc), false);
            }
            return;
        }
        boolean quiet = how == Arrival.START && t == pausedTask && pc == pausedPc;
        pausedTask = null;
        if (!debugged(t)) {
            return;
        }
        if (stepping == t && how == Arrival.STEP) {
            Stop watch = watchDuringStep;
            watchDuringStep = null;
            pause(watch != null ? watch : new Stop.Stepped(id(t)), null, t);
        } else if (!quiet && breakpoints.isUser(pc)) {
            pause(new Stop.Breakpoint(id(t), pc), null, t);
        }
    }

    /** A watchpoint's stop if the syscall of frame {@code f}, which jrr emulated, wrote a watched range. */
    private Stop syscallWrite(ReplayTask t, Frame f) {
        if (watches.isEmpty() || !(f.event() instanceof SyscallEvent s)) {
            return null;
        }
        for (MemWrite w : s.writes()) {
            Watchpoints.Watch hit = watches.written(w.address(), w.address() + w.data().length);
            if (hit != null) {
                return new Stop.Watchpoint(id(t), hit.kind(), hit.address());
            }
        }
        return null;
    }

    @Override
    public long watchStatus(ReplayTask t) {
        return t.heap == space ? watches.takeStatus(t.task) : 0;
    }

    @Override
    public void watched(ReplayTask t, long fired) {
        if (!started || t.heap != space) {
            return;
        }
        Watchpoints.Watch w = watches.fired(fired);
        if (w != null) {
            watchHit(t, w);
        } else {
            watchTraps++;
        }
    }

    /**
     * A watch fired (a debug register) or changed (an emulated one) in {@code t}; true if that was shown to the
     * user here, who has gone on from it.
     */
    private boolean watchHit(ReplayTask t, Watchpoints.Watch w) {
        watchTraps++;
        if (!debugged(t)) {
            return false;
        }
        Stop stop = new Stop.Watchpoint(id(t), w.kind(), w.address());
        Goal g = goal;
        if (g == null) {
            if (stepping == t) {
                watchDuringStep = stop; // the step ends right after this trap: it reports the watchpoint
                return false;
            }
            pause(stop, null, t);
            return true;
        } else if (g.target() instanceof Mark.Watched m && m.frame() == frame && m.tid() == t.recordedTid
                && m.ordinal() == watchTraps) {
            reached(t);
            return true;
        } else if (g.purpose() instanceof Purpose.Hits) {
            // the write that brought the user here counts too: going backward, it is the first change met
            lastHit = new Hit(new Mark.Watched(frame, t.recordedTid, watchTraps), t.recordedTid, stop, true);
        }
        return false;
    }

    private boolean steps(Purpose.Steps s, ReplayTask t) {
        return t.recordedTid == s.tid() && frame >= s.from();
    }

    @Override
    public boolean stepping(ReplayTask t) {
        if (!started) {
            return false;
        }
        if (t.heap == space && watches.emulating()) {
            return true;
        }
        Goal g = goal;
        if (g == null) {
            return stepping == t;
        }
        return g.purpose() instanceof Purpose.Steps s && steps(s, t);
    }

    @Override
    public boolean breakpointAt(ReplayTask t, long address) {
        return t.heap == space && breakpoints.has(address);
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
    public boolean plant(ReplayTask t, long address) {
        return t.heap == space && breakpoints.plant(t.task, address, spaceFrame);
    }

    @Override
    public void unplant(ReplayTask t, long address) {
        breakpoints.unplant(t.task, address);
    }

    @Override
    public boolean interruptRequested() {
        return started && interruptFlag;
    }

    @Override
    public void interrupted(ReplayTask t) {
        if (!debugged(t)) {
            return; // another process's task: the stop comes before the next frame
        }
        if (goal != null) {
            goal = null; // a long frame on the way back: the user stops here
            unplantTarget();
        }
        interruptFlag = false;
        pause(new Stop.Interrupted(id(t)), null, t);
    }

    @Override
    public void signal(ReplayTask t, int signo, byte[] info) {
        if (!started || !debugged(t)) {
            return;
        }
        siginfo.put(t.recordedTid, info.clone());
        Goal g = goal;
        if (g == null) {
            pause(new Stop.Signal(id(t), signo), new Mark.AtSignal(frame), t);
        } else if (g.target() instanceof Mark.AtSignal s && s.frame() == frame) {
            reached(t);
        }
    }

    @Override
    public void beforeCopy(ReplayTask t) {
        if (t.heap == space) {
            breakpoints.liftAll(t.task);
        }
    }

    @Override
    public void afterCopy(ReplayTask t) {
        if (t.heap == space) {
            breakpoints.lowerAll(t.task);
        }
    }

    @Override
    public void created(ReplayTask t, boolean sharesMemory) {
        if (debugged(t) && !sharesMemory) {
            enter(t); // the debugged process starts as a copy of its parent
        } else if (t.heap == space && !watches.isEmpty()) {
            watches.apply(t.task); // debug registers are each thread's own
        }
    }

    @Override
    public void execed(ReplayTask t) {
        if (pid == 0) {
            pid = t.recordedPid;
        }
        t.auxv = readAuxv(t);
        if (debugged(t)) {
            enter(t);
        }
    }

    private void enter(ReplayTask t) {
        space = t.heap;
        spaceFrame = frame;
        plantedIn = null;
        breakpoints.enter(t.task, spaceFrame);
        if (!watches.isEmpty()) {
            watches.apply(t.task);
        }
    }

    /**
     * The end of the debugged process is shown while its last task still stands at its end, so that its registers
     * and memory can be looked at (and the user can go back from there).
     */
    @Override
    public void exiting(ReplayTask t, int waitStatus) {
        if (!started || !debugged(t)
                || session.liveTasks().stream().anyMatch(o -> o != t && debugged(o))) {
            return;
        }
        Goal g = goal;
        if (g == null) {
            pause(new Stop.Exited(id(t), waitStatus), new Mark.AtExit(frame), t);
        } else if (g.target() instanceof Mark.AtExit e && e.frame() == frame) {
            reached(t);
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

    /** Runs {@code body} on the tracer thread (where ptrace works), waiting for its result. */
    <T> T call(Supplier<T> body) {
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

    /** A live task of the debugged address space, or null. */
    private Task liveDebugged() {
        for (ReplayTask t : session.liveTasks()) {
            if (t.heap == space) {
                return t.task;
            }
        }
        return null;
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
            byte[] out = n == length ? b : Arrays.copyOf(b, Math.max(n, 0));
            if (t.heap == space) {
                breakpoints.hide(address, out);
            }
            return out;
        });
    }

    @Override
    public boolean insert(BreakpointKind kind, long address, int length) {
        return switch (kind) {
            // an int3 too: it stops where a debug register would, and the four registers are kept for data
            // at the end nothing lives: it waits for the next replay to get there
            case SOFTWARE, HARDWARE -> call(() -> breakpoints.insert(liveDebugged(), address, spaceFrame));
            // beyond the four debug registers, writes are watched by stepping and comparing
            case WRITE, READ, ACCESS -> call(() -> watches.add(kind, address, length) ? applyWatches()
                    : watches.emulate(kind, address, length, liveDebugged()));
        };
    }

    @Override
    public boolean remove(BreakpointKind kind, long address, int length) {
        return switch (kind) {
            case SOFTWARE, HARDWARE -> call(() -> breakpoints.remove(liveDebugged(), address));
            case WRITE, READ, ACCESS -> call(() -> watches.remove(kind, address, length) && applyWatches());
        };
    }

    /** The debug registers of every live task of the debugged address space, anew. */
    private boolean applyWatches() {
        for (ReplayTask t : session.liveTasks()) {
            if (t.heap == space) {
                watches.apply(t.task);
            }
        }
        return true;
    }

    @Override
    public Stop resume(Resume how) {
        return run(next -> new Go(how, next));
    }

    /** Hands the tracer thread a command that runs the replay, and waits for the stop it reports. */
    private Stop run(Function<CompletableFuture<Stop>, Command> command) {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        CompletableFuture<Stop> next = new CompletableFuture<>();
        commands.add(command.apply(next));
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
    public String memoryMap(TaskId task) {
        return call(() -> {
            int tid = live(task.tid()).task.tid();
            try {
                StringBuilder out = new StringBuilder();
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + tid + "/maps"))) {
                    String[] range = line.substring(0, Math.max(0, line.indexOf(' '))).split("-");
                    if (range.length != 2 || !org.jrr.kernel.task.ReservedPages.overlaps(
                            Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16))) {
                        out.append(line).append('\n'); // jrr's stub and scratch pages are not the program's
                    }
                }
                return out.toString();
            } catch (IOException e) {
                throw new JrrException("cannot read the memory map of task " + task.tid() + ": " + e.getMessage());
            }
        });
    }

    @Override
    public Set<String> cpuFeatures() {
        return call(() -> xstateLayout().features());
    }

    @Override
    public Map<Integer, Integer> xstateOffsets() {
        return call(() -> xstateLayout().offsets());
    }

    @Override
    public byte[] xstate(TaskId task) {
        return call(() -> {
            ReplayTask t = live(task.tid());
            return t.task.linux().getXState(t.task.tid());
        });
    }

    private XStateLayout xstateLayout() {
        if (xstateLayout == null) {
            Task t = liveDebugged();
            if (t == null) {
                return XStateLayout.NONE; // nothing to read it from (yet): asked again later
            }
            org.jrr.linux.Linux linux = t.linux();
            xstateLayout = XStateLayout.of(linux.getXState(t.tid()), c -> linux.cpuid(0xd, c));
        }
        return xstateLayout;
    }

    @Override
    public Diversion divert(TaskId task) {
        return call(() -> {
            ReplayTask t = live(task.tid());
            if (t.exiting) {
                throw new JrrException("task " + task.tid() + " is ending: it cannot be diverted");
            }
            ReplaySession s = session;
            long at = frame;
            java.util.Map<org.jrr.api.trace.FileId, byte[]> shared = s.sharedFiles();
            ReplayTask copy = Snapshot.copy(List.of(t), session.gadget(), null, this).get(0);
            return new TaskDiversion(this::call, id(t), copy, t.heap == space ? breakpoints.userAddresses()
                    : List.of(), () -> interruptFlag, () -> {
                        if (session == s && frame == at) { // still where the diversion began
                            s.restoreSharedFiles(shared);
                        }
                    });
        });
    }

    @Override
    public Checkpoint checkpoint() {
        return call(() -> {
            Mark m = markHere();
            int n = ++lastCheckpoint;
            checkpoints.put(n, new Saved(m, frame));
            snapshots.pin(frame); // taken when a replay next passes the start of this frame
            return new Checkpoint(n, frame);
        });
    }

    @Override
    public List<Checkpoint> checkpoints() {
        List<Checkpoint> out = new ArrayList<>();
        checkpoints.forEach((n, saved) -> out.add(new Checkpoint(n, saved.event())));
        return out;
    }

    @Override
    public boolean deleteCheckpoint(int number) {
        return call(() -> {
            Saved gone = checkpoints.remove(number);
            if (gone != null) {
                snapshots.unpin(gone.event());
            }
            return gone != null;
        });
    }

    @Override
    public Stop restart(Restart where) {
        Goal g = switch (where) {
            case Restart.FromStart s -> new Goal(new Mark.Before(goTo), new Purpose.Land(Stop.Stepped::new));
            case Restart.AtEvent e -> new Goal(new Mark.Before(e.event()), new Purpose.Land(Stop.Stepped::new));
            case Restart.AtCheckpoint c -> {
                Saved saved = checkpoints.get(c.number());
                if (saved == null) {
                    throw new JrrException("there is no checkpoint " + c.number());
                }
                yield new Goal(saved.mark(), new Purpose.Land(Stop.Stepped::new));
            }
        };
        return run(next -> new Jump(g, next));
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
