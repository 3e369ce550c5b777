package org.jrr.api.debug;

/** Why a replay under a debugger stopped, and in which task. */
public sealed interface Stop {
    TaskId task();

    /** An instruction breakpoint: the task stands at {@code address}, not yet executed. */
    record Breakpoint(TaskId task, long address) implements Stop {
    }

    /** A data watchpoint: the access to {@code address} has happened (going forward). */
    record Watchpoint(TaskId task, BreakpointKind kind, long address) implements Stop {
    }

    /** A step is done. */
    record Stepped(TaskId task) implements Stop {
    }

    /** The task received signal {@code signo} (Linux numbering) when recorded; it is delivered on resume. */
    record Signal(TaskId task, int signo) implements Stop {
    }

    /** Stopped on request ({@link ReplayControl#interrupt()}). */
    record Interrupted(TaskId task) implements Stop {
    }

    /** The debugged process ended, with a wait status as waitpid gives it; nothing is left to run forward. */
    record Exited(TaskId task, int waitStatus) implements Stop {
    }

    /** Going backward reached the start of the recording. */
    record HistoryStart(TaskId task) implements Stop {
    }
}
