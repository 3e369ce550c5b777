package org.jrr.api.syscallbuf;

/** A request the preload library makes of jrr, as a syscall the kernel does not have. */
public sealed interface Request {
    /** A thread's new buffer; answered with the thread's tid. {@code deschedFd} is -1 without desched. */
    record Register(long buffer, long size, int deschedFd) implements Request {
    }

    /** The buffer is full: jrr takes every record and empties it (before the request returns). */
    record Flush() implements Request {
    }
}
