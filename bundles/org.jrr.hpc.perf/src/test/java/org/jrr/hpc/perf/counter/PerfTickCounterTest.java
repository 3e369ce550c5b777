package org.jrr.hpc.perf.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.jrr.linux.perf.PerfEventAttr;
import org.jrr.linux.perf.PerfEvents;
import org.jrr.linux.perf.PerfFlag;
import org.junit.jupiter.api.Test;

/**
 * The counter's ioctl sequence on the real kernel, with the software task clock (nanoseconds of user time)
 * standing in for the branch counter: it needs no PMU, and it overflows and signals the same way.
 */
class PerfTickCounterTest {
    private final PerfEvents perf = new PerfEvents();

    /** Like {@link TicksEvent#forTask}, on the task clock. */
    private static PerfEventAttr taskClock() {
        return PerfEventAttr.of(PerfEventAttr.TYPE_SOFTWARE, PerfEventAttr.SW_TASK_CLOCK)
                .withSamplePeriod(TicksEvent.NEVER).with(PerfFlag.DISABLED, PerfFlag.EXCLUDE_KERNEL,
                        PerfFlag.EXCLUDE_HV);
    }

    /** A counter on the calling thread, with no overflow signal (one would hit this JVM). */
    private PerfTickCounter onThisThread(long skid) {
        var ev = perf.open(taskClock(), 0, -1, -1);
        ev.enable();
        return new PerfTickCounter(ev, skid);
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void ticksKeepCountingAcrossReprogramming() {
        try (PerfTickCounter c = onThisThread(100)) {
            spin(2_000_000);
            long t1 = c.ticks();
            assertTrue(t1 > 0, "counted " + t1);
            // Each call restarts the hardware count; what was counted must not be lost.
            long last = t1;
            for (long ahead : new long[] {1L << 50, 0, 50, 100, 101, Long.MAX_VALUE}) {
                c.interruptAfter(ahead);
                long now = c.ticks();
                assertTrue(now >= last, "ticks went back from " + last + " to " + now + " after " + ahead);
                spin(500_000);
                last = c.ticks();
                assertTrue(last > now, "still counting after interruptAfter(" + ahead + ")");
            }
            c.cancelInterrupt();
            assertTrue(c.ticks() >= last);
        }
    }

    @Test
    void closedCounterKeepsItsLastCount() {
        PerfTickCounter c = onThisThread(100);
        spin(1_000_000);
        c.close();
        long finalCount = c.ticks();
        assertTrue(finalCount > 0);
        spin(1_000_000);
        assertEquals(finalCount, c.ticks());
        c.close();
        assertThrows(IllegalStateException.class, () -> c.interruptAfter(1000));
    }

    @Test
    void negativeDistanceIsRejected() {
        try (PerfTickCounter c = onThisThread(100)) {
            assertThrows(IllegalArgumentException.class, () -> c.interruptAfter(-1));
        }
    }

    @Test
    void overflowSignalsTheTask() throws Exception {
        // A shell spinning in user mode; SIGSTKFLT's default action kills it, which shows the signal arrived.
        Process p = new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start();
        try {
            int tid = (int) p.pid();
            PerfTickCounter c = PerfTickCounter.open(perf, taskClock(), tid, 0);
            try {
                c.interruptAfter(5_000_000); // 5 ms of the shell's user time
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "no overflow signal reached the task");
                assertEquals(128 + PerfTickCounter.TIME_SLICE_SIGNAL, p.exitValue(), "killed by SIGSTKFLT");
                assertTrue(c.ticks() >= 5_000_000, "stopped only after the period: " + c.ticks());
            } finally {
                c.close();
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
