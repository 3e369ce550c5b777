package org.jrr.linux.perf;

/**
 * The perf ioctl request numbers, built the way {@code asm-generic/ioctl.h} builds them ({@code _IO}, {@code _IOW}),
 * so the numbers are derived rather than copied as magic values.
 */
final class PerfIoctl {
    private static final int TYPE = '$';
    private static final int NRBITS = 8;
    private static final int TYPEBITS = 8;
    private static final int SIZEBITS = 14;
    private static final long DIR_WRITE = 1;

    /** Starts counting. */
    static final long ENABLE = io(0);
    /** Stops counting; the count is kept. */
    static final long DISABLE = io(1);
    /** Sets the count to 0. Does not move the next overflow: that is what {@link #PERIOD} is for. */
    static final long RESET = io(3);
    /** Takes a pointer to a u64: the new sample period, which also restarts the period from now. */
    static final long PERIOD = iow(4, Long.BYTES);

    private PerfIoctl() {
    }

    static long io(int nr) {
        return (long) TYPE << NRBITS | nr;
    }

    static long iow(int nr, int size) {
        return DIR_WRITE << (NRBITS + TYPEBITS + SIZEBITS) | (long) size << (NRBITS + TYPEBITS) | io(nr);
    }
}
