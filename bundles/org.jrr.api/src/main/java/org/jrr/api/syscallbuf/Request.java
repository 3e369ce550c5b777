package org.jrr.api.syscallbuf;

/** A request the preload library makes of jrr, as a syscall the kernel does not have. */
public sealed interface Request {
    /** A thread's new buffer; answered with the thread's tid. {@code deschedFd} is -1 without desched. */
    record Register(long buffer, long size, int deschedFd) implements Request {
    }

    /** The buffer is full: jrr takes every record and empties it (before the request returns). */
    record Flush() implements Request {
    }

    /**
     * Replay only: the call the library was about to take from the record at {@code offset} is not that record's:
     * its number, what differs (in words: "argument 5", "the syscall") and its first three arguments.
     */
    record Diverged(int offset, int number, String differs, long[] args) implements Request {
        public Diverged {
            args = args.clone();
        }

        @Override
        public long[] args() {
            return args.clone();
        }
    }
}
