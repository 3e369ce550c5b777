package org.jrr.api.hpc;

/** Counts one task's progress in ticks. Closed when the task ends. */
public interface TickCounter extends AutoCloseable {
    /** Ticks since the counter was opened (always 0 for a provider without a counter). */
    long ticks();

    /** Asks for an interrupt after {@code ticks} more ticks; a provider without a counter ignores it. */
    void interruptAfter(long ticks);

    @Override
    void close();
}
