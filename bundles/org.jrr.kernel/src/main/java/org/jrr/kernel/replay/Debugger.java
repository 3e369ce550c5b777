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

    /** {@code t} ran one instruction of its own code. */
    default void stepped(ReplayTask t) {
    }

    /** Whether a software breakpoint is inserted at {@code address} in {@code t}'s memory. */
    default boolean breakpointAt(ReplayTask t, long address) {
        return false;
    }

    /** Takes the breakpoint at {@code address} out of memory, to run the instruction under it. */
    default void lift(ReplayTask t, long address) {
    }

    /** Puts it back. */
    default void lower(ReplayTask t, long address) {
    }

    /** {@code t} stands at the breakpoint at {@code address}, not yet executed. */
    default void breakpoint(ReplayTask t, long address) {
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

    /** {@code t} exec'd: its address space is new. */
    default void execed(ReplayTask t) {
    }

    /** {@code t} ended with {@code waitStatus}. */
    default void exited(ReplayTask t, int waitStatus) {
    }
}
