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

    /**
     * Whether {@link TickCounter#ticks()} really counts. A provider that does not (like {@code none}) leaves the
     * kernel to name switch points by registers and memory, best-effort; one that does gets exact points.
     */
    default boolean counts() {
        return false;
    }

    /**
     * The signal an armed counter sends its task when the ticks asked for have run ({@code si_code} POLL_IN),
     * which the tracer takes as a time-slice interrupt and never delivers; 0 for a provider that never
     * interrupts.
     */
    default int interruptSignal() {
        return 0;
    }
}
