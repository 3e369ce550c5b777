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
     * its number, what differs ({@code differs}: bit i argument i, bit 6 the number, bit 7 the record's size, bit 8
     * the record runs past jrr's end) and its first three arguments.
     */
    record Diverged(int offset, int number, long differs, long[] args) implements Request {
        public Diverged {
            args = args.clone();
        }

        @Override
        public long[] args() {
            return args.clone();
        }
    }
}
