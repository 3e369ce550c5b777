package org.jrr.linux.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.jrr.linux.LinuxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bindings against the real kernel, with software events, which every Linux with perf has (a PMU is not
 * needed): if the attr encoding, the syscall or an ioctl were wrong, these calls would fail or count nothing.
 */
class PerfEventsTest {
    private final PerfEvents perf = new PerfEvents();

    /** Task clock of the calling thread, user time only: countable even with perf_event_paranoid 2. */
    private static PerfEventAttr taskClock() {
        return PerfEventAttr.of(PerfEventAttr.TYPE_SOFTWARE, PerfEventAttr.SW_TASK_CLOCK)
                .with(PerfFlag.DISABLED, PerfFlag.EXCLUDE_KERNEL, PerfFlag.EXCLUDE_HV);
    }

    private static long spin(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 0;
        while (System.nanoTime() < end) {
            x += x * 31 + 7;
        }
        return x;
    }

    @Test
    void countsOnlyWhileEnabledAndResets() {
        try (PerfEvent ev = perf.open(taskClock(), 0, -1, -1)) {
            spin(2_000_000);
            assertEquals(0, ev.read(), "opened disabled: nothing counted yet");
            ev.enable();
            spin(5_000_000);
            ev.disable();
            long counted = ev.read();
            assertTrue(counted > 1_000_000, "task clock ns over a 5 ms spin: " + counted);
            spin(2_000_000);
            assertEquals(counted, ev.read(), "disabled: the count stays");
            ev.reset();
            assertEquals(0, ev.read());
        }
    }

    @Test
    void periodNeedsASamplingEvent() {
        try (PerfEvent counting = perf.open(taskClock(), 0, -1, -1)) {
            LinuxException e = assertThrows(LinuxException.class, () -> counting.setPeriod(1000));
            assertEquals(22, e.errno(), "EINVAL: " + e.getMessage());
        }
        try (PerfEvent sampling = perf.open(taskClock().withSamplePeriod(1L << 62), 0, -1, -1)) {
            sampling.setPeriod(1L << 61);
            sampling.setPeriod(Long.MAX_VALUE);
        }
    }

    @Test
    void overflowSignalGoesToOneThread() throws IOException {
        // A counting event never overflows, so no signal can reach this JVM thread while the test looks.
        int tid = Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        try (PerfEvent ev = perf.open(taskClock(), 0, -1, -1)) {
            assertFalse(ev.async());
            ev.signalOverflowTo(tid, 16 /* SIGSTKFLT */);
            assertEquals(new PerfEvent.Owner(PerfEvent.OWNER_TID, tid), ev.owner());
            assertEquals(16, ev.overflowSignal());
            assertTrue(ev.async());
        }
    }

    @Test
    void anUnknownPmuFailsWithItsErrno() {
        LinuxException e = assertThrows(LinuxException.class,
                () -> perf.open(PerfEventAttr.of(100_000, 0), 0, -1, -1));
        assertEquals(2, e.errno(), "ENOENT: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("perf_event_open perf_event_attr{type 100000"), e.getMessage());
    }

    @Test
    void closingTwiceIsHarmless() {
        PerfEvent ev = perf.open(taskClock(), 0, -1, -1);
        ev.close();
        ev.close();
        assertTrue(ev.closed());
    }

    @Test
    void paranoidLevel(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("p"), "2\n");
        assertEquals(OptionalInt.of(2), PerfEvents.paranoid(dir.resolve("p")));
        Files.writeString(dir.resolve("q"), "-1\n");
        assertEquals(OptionalInt.of(-1), PerfEvents.paranoid(dir.resolve("q")));
        Files.writeString(dir.resolve("r"), "nonsense");
        assertEquals(OptionalInt.empty(), PerfEvents.paranoid(dir.resolve("r")));
        assertEquals(OptionalInt.empty(), PerfEvents.paranoid(dir.resolve("missing")));
    }
}
