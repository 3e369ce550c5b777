package org.jrr.api.hpc;

/** Counts one task's progress in ticks. Closed when the task ends. */
public interface TickCounter extends AutoCloseable {
    /** Ticks since the counter was opened (always 0 for a provider without a counter). */
    long ticks();

    /**
     * Asks for an interrupt ({@link HpcProvider#interruptSignal()}) after {@code ticks} more ticks, replacing
     * any earlier request; 0 cancels. It may come up to {@link HpcProvider#skid()} ticks early, never late: a
     * target within the skid arms nothing. A provider without a counter ignores it.
     */
    void interruptAfter(long ticks);

    @Override
    void close();
}
