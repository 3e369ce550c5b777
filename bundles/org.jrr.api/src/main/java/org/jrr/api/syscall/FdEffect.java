package org.jrr.api.syscall;

/** What a syscall did to the task's file descriptor table; replay tracks this to echo stdout and stderr. */
public sealed interface FdEffect {
    /** Nothing that matters. */
    record None() implements FdEffect {
    }

    /** {@code to} now refers to what {@code from} refers to. */
    record Dup(int from, int to) implements FdEffect {
    }

    /** {@code fd} was closed. */
    record Close(int fd) implements FdEffect {
    }

    /** {@code fd} now refers to something new (a file, pipe, socket...). */
    record Opened(int fd) implements FdEffect {
    }

    FdEffect NONE = new None();
}
