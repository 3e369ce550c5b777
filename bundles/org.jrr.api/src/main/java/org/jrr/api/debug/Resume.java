package org.jrr.api.debug;

/**
 * How to run on from a stop. Signals cannot be injected into a replay: what the recording received is what the
 * replay receives.
 */
public sealed interface Resume {
    Direction direction();

    /** Runs every task until a breakpoint, watchpoint, signal, the end (or the start) of the recording. */
    record Continue(Direction direction) implements Resume {
    }

    /** Runs one instruction of {@code task} (other tasks run as recorded meanwhile, if the recording says so). */
    record Step(TaskId task, Direction direction) implements Resume {
    }
}
