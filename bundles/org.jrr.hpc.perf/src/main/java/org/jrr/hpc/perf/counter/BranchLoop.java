package org.jrr.hpc.perf.counter;

/**
 * User-mode work with many conditional branches, for checking that a counter really counts (rr does the same at
 * startup, because a VM can expose a PMU that stays at 0). The branches depend on a pseudo-random sequence, so
 * the JIT can neither fold the loop away nor predict the work.
 */
public final class BranchLoop {
    private static volatile long sink;

    private BranchLoop() {
    }

    /** Runs {@code iterations} rounds, each with at least one conditional branch (the loop test). */
    public static void run(int iterations) {
        long x = 0x9e3779b97f4a7c15L;
        long odd = 0;
        for (int i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            if ((x & 3) == 1) {
                odd += x >>> 60;
            }
        }
        sink = odd; // keeps the loop alive
    }
}
