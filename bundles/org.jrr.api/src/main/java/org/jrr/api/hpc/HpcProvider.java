package org.jrr.api.hpc;

/**
 * The source of ticks, jrr's measure of a task's progress (service property {@code jrr.name}; the highest
 * available {@code service.ranking} is the default).
 */
public interface HpcProvider {
    /** {@code none}, {@code perf}... */
    String name();

    /** What one tick means; stored in the trace header and checked at replay. */
    String tickSemantics();

    /** Whether this provider works here, with the reason. */
    Availability probe();

    /** Opens a counter for the task {@code tid}. */
    TickCounter open(int tid);

    /** How many ticks an interrupt may arrive late. */
    long skid();
}
