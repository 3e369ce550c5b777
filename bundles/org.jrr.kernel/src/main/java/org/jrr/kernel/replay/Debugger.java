package org.jrr.kernel.replay;

import org.jrr.api.trace.Frame;

/**
 * What the replay engine tells a debugger, and asks it, as it runs. Every call is on the tracer thread; a call
 * that stops (a breakpoint, a finished step, a signal...) returns only when the debugger resumes. {@link #NONE}
 * is the autopilot: it never stops.
 */
interface Debugger {
    Debugger NONE = new Debugger() {
    };

    /** Before frame {@code f} is replayed by {@code t}. */
    default void beforeFrame(ReplayTask t, Frame f) {
    }

    /** After frame {@code f} is replayed: a step of {@code t} pending over a syscall ends here. */
    default void afterFrame(ReplayTask t, Frame f) {
    }

    /** Whether {@code t} is to run by single steps. */
    default boolean stepping(ReplayTask t) {
        return false;
    }

    /** How a task came to stand where it is {@link #poised}. */
    enum Arrival {
        /** A run starts where the task stands. */
        START,
        /** It ran into a debugger's (or the engine's) int3. */
        TRAP,
        /** A single step brought it there. */
        STEP
    }

    /**
     * {@code t} stands at {@code pc}, about to run the instruction there. A replay makes these calls in the same
     * order every time, whatever breakpoints the debugger keeps, as long as it keeps one at {@code pc} (or steps).
     */
    default void poised(ReplayTask t, long pc, Arrival how) {
    }

    /** Whether an int3 of the debugger's stands at {@code address} in {@code t}'s memory. */
    default boolean breakpointAt(ReplayTask t, long address) {
        return false;
    }

    /** Takes the int3 at {@code address} out of memory, to run the instruction under it. */
    default void lift(ReplayTask t, long address) {
    }

    /** Puts it back. */
    default void lower(ReplayTask t, long address) {
    }

    /**
     * Plants an int3 for the engine at {@code address}, kept with the debugger's own so that memory reads hide
     * it; false if the debugger does not keep {@code t}'s memory, and the engine plants it itself.
     */
    default boolean plant(ReplayTask t, long address) {
        return false;
    }

    default void unplant(ReplayTask t, long address) {
    }

    /** After a trap of {@code t}: which of the debugger's watchpoints fired (DR6's low bits, then cleared). */
    default long watchStatus(ReplayTask t) {
        return 0;
    }

    /** {@code t} ran an instruction that touched a watched range (the {@code fired} bits); it stands after it. */
    default void watched(ReplayTask t, long fired) {
    }

    /** Whether the user asked the replay to stop. */
    default boolean interruptRequested() {
        return false;
    }

    /** {@code t} was stopped on that request. */
    default void interrupted(ReplayTask t) {
    }

    /** {@code t} is about to receive signal {@code signo} as recorded. */
    default void signal(ReplayTask t, int signo, byte[] siginfo) {
    }

    /** {@code t} is about to copy its address space (fork): breakpoints must not be copied. */
    default void beforeCopy(ReplayTask t) {
    }

    default void afterCopy(ReplayTask t) {
    }

    /** {@code t} was created by a clone of its parent's, and has not run yet. */
    default void created(ReplayTask t, boolean sharesMemory) {
    }

    /** {@code t} exec'd: its address space is new. */
    /** The replay starts from snapshot {@code s}: the live tasks are its copies, in its order. */
    default void restored(Snapshot s) {
    }

    default void execed(ReplayTask t) {
    }

    /** {@code t} stands at its end, to end with {@code waitStatus}; it is gone once this returns. */
    default void exiting(ReplayTask t, int waitStatus) {
    }
}
