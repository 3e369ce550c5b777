package org.jrr.kernel.task;

/**
 * The address range jrr keeps for itself in every tracee: in replay the exec stub's code and jrr's scratch page
 * live there; in recording it is held by an inaccessible placeholder from each exec on, so the recorded program
 * never gets addresses there and replay never has to give them up.
 */
public final class ReservedPages {
    public static final long START = 0x70000000L, END = 0x70010000L;

    private ReservedPages() {
    }

    public static boolean overlaps(long start, long end) {
        return start < END && end > START;
    }
}
