package org.jrr.kernel.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bookkeeping of emulated ptrace: who traces whom, which stops a wait reports, and in what order. */
class PtraceEmulationTest {
    private static final int TRACER = 100, CHILD = 101, OTHER = 102, SIGSTOP_STATUS = (19 << 8) | 0x7f;

    @Test
    void aStopIsReportedOnceToItsTracersWait() {
        PtraceEmulation p = new PtraceEmulation();
        assertFalse(p.traced(CHILD));
        p.traceMe(CHILD, TRACER);
        assertTrue(p.mayStop(TRACER, -1), "a blocking wait may get the stop of a running tracee");
        assertTrue(p.mayStop(TRACER, CHILD));
        assertFalse(p.mayStop(TRACER, OTHER), "a wait for another child does not");
        assertNull(p.takeStop(TRACER, -1), "nothing stopped yet");
        assertTrue(p.stops(CHILD, 19));
        p.stopped(CHILD, new PtraceEmulation.Stop(SIGSTOP_STATUS, null));
        assertTrue(p.held(CHILD));
        assertFalse(p.mayStop(TRACER, -1), "held: its stop is there to take");
        assertNull(p.takeStop(TRACER, OTHER), "a wait for another pid does not take it");
        assertArrayEquals(new int[] {CHILD, SIGSTOP_STATUS}, p.takeStop(TRACER, -1));
        assertNull(p.takeStop(TRACER, -1), "reported once");
        assertTrue(p.held(CHILD), "still held until continued");
    }

    @Test
    void theEndOfATracerReleasesItsTracees() {
        PtraceEmulation p = new PtraceEmulation();
        p.traceMe(CHILD, TRACER);
        p.traceMe(OTHER, TRACER);
        p.stopped(CHILD, new PtraceEmulation.Stop(SIGSTOP_STATUS, null));
        assertEquals(List.of(CHILD), p.release(TRACER), "the held one is resumed");
        assertFalse(p.traced(CHILD));
        assertFalse(p.traced(OTHER));
        assertNull(p.takeStop(TRACER, -1));
    }

    @Test
    void aTraceesEndForgetsIt() {
        PtraceEmulation p = new PtraceEmulation();
        p.traceMe(CHILD, TRACER);
        p.stopped(CHILD, new PtraceEmulation.Stop(SIGSTOP_STATUS, null));
        p.gone(CHILD);
        assertFalse(p.traced(CHILD));
        assertFalse(p.held(CHILD));
        assertNull(p.takeStop(TRACER, -1));
        assertEquals(-1, p.tracer(CHILD));
    }
}
