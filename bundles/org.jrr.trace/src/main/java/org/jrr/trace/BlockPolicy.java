package org.jrr.trace;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When the writer turns buffered frames into a block: at {@code targetBytes}, or when a frame arrives more than
 * {@code maxAgeNanos} after the last block, so that a recorder killed by SIGKILL loses little. The clock is a
 * parameter so tests need not sleep.
 */
record BlockPolicy(int targetBytes, long maxAgeNanos, LongSupplier nanoClock) {
    static final BlockPolicy DEFAULT = new BlockPolicy(1 << 20, TimeUnit.MILLISECONDS.toNanos(250), System::nanoTime);
}
