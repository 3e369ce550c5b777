package org.jrr.kernel.replay;

import org.jrr.api.arch.Registers;

/**
 * A moment of a replay, named so that a later replay of the same trace can stop there again. Without a tick
 * counter, a moment inside a stretch of user code is named by the frame being replayed and either by how many
 * times the task had stood at that address in that frame ({@link Counted}), or by its whole state
 * ({@link Described}): a task that ran deterministically from one state into the same state again would loop for
 * ever, so within a frame (which ends) a state comes once.
 */
sealed interface Mark {
    /** The frame being replayed at that moment, or about to be. */
    long frame();

    /** Before frame {@code frame} is replayed; or the first frame from there on where the debugged process lives. */
    record Before(long frame) implements Mark {
    }

    /** Just after frame {@code frame} was replayed. */
    record After(long frame) implements Mark {
    }

    /** The {@code ordinal}th time (from 1) that task {@code tid} stood at {@code ip} in frame {@code frame}. */
    record Counted(long frame, int tid, long ip, long ordinal) implements Mark {
    }

    /** The moment task {@code tid} stood with registers {@code regs} and memory digest {@code digest}. */
    record Described(long frame, int tid, Registers regs, long digest) implements Mark {
    }

    /** Just after the {@code ordinal}th watchpoint trap of task {@code tid} in frame {@code frame}. */
    record Watched(long frame, int tid, long ordinal) implements Mark {
    }

    /** Where the debugged task of frame {@code frame} was about to receive that frame's signal. */
    record AtSignal(long frame) implements Mark {
    }

    /** Where the debugged process ended, in frame {@code frame}. */
    record AtExit(long frame) implements Mark {
    }
}
