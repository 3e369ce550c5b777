package org.jrr.api.trace;

/**
 * A flush of a thread's syscall buffer: the records of the syscalls it made through the preload library since its
 * last frame, in order, exactly as they lay in the buffer at {@code buffer} from offset {@code from} of its records
 * on (their format is the {@code SyscallBuffer} service's). Replay puts them back there before the thread runs on,
 * and the library takes each call's result and outputs from them, without a stop.
 */
public record BufferFlushEvent(long buffer, int from, byte[] records) implements Event {
    public BufferFlushEvent {
        records = records.clone();
    }

    @Override
    public byte[] records() {
        return records.clone();
    }

    /** The records' length, without a copy. */
    public int length() {
        return records.length;
    }

    /** The offset past the last record. */
    public int end() {
        return from + records.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BufferFlushEvent f && f.buffer == buffer && f.from == from
                && java.util.Arrays.equals(f.records, records);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(buffer) * 31 + from;
    }

    @Override
    public String toString() {
        return "BufferFlushEvent[buffer=0x" + Long.toHexString(buffer) + ", from=" + from + ", " + records.length
                + " bytes of records]";
    }

    @Override
    public String kind() {
        return "flush";
    }
}
