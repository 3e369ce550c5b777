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

    @Test
    void aForkOfATraceeIsTracedWhenItsTracerFollowsForks() {
        PtraceEmulation p = new PtraceEmulation();
        p.attach(CHILD, TRACER, true, true, PtraceEmulation.O_TRACEFORK);
        assertFalse(p.cloned(CHILD, OTHER, PtraceEmulation.EVENT_CLONE, false), "threads are not followed");
        assertFalse(p.traced(OTHER));
        assertTrue(p.cloned(CHILD, OTHER, PtraceEmulation.EVENT_FORK, false));
        assertEquals(TRACER, p.tracer(OTHER));
        assertEquals(PtraceEmulation.EVENT_FORK, p.tracee(CHILD).eventDue);
        assertEquals(OTHER, p.tracee(CHILD).eventMessage, "GETEVENTMSG gives the new pid");
        // a seized tracer's new tracee starts with PTRACE_EVENT_STOP and SIGTRAP (not a group-stop)
        assertEquals((5 | 128 << 8) << 8 | 0x7f, p.tracee(OTHER).startStop.status());
    }

    @Test
    void theEndOfATraceeThatIsNotTheTracersChildIsReportedByJrr() {
        PtraceEmulation p = new PtraceEmulation();
        p.attach(OTHER, TRACER, true, false, 0);
        p.exited(OTHER, TRACER, 9);
        p.gone(OTHER);
        assertTrue(p.reportable(TRACER, OTHER), "its stops are forgotten, not its end");
        assertArrayEquals(new int[] {OTHER, 9}, p.takeStop(TRACER, -1));
    }

    @Test
    void syscallInfoSaysTheEntryOrTheExit() {
        long[] words = new long[org.jrr.api.arch.Registers.COUNT];
        words[org.jrr.api.arch.Registers.ORIG_RAX] = 1;
        words[org.jrr.api.arch.Registers.RDI] = 3;
        words[org.jrr.api.arch.Registers.RAX] = -38;
        words[org.jrr.api.arch.Registers.RIP] = 0x401000;
        org.jrr.api.arch.Registers regs = org.jrr.api.arch.Registers.of(words);
        java.nio.ByteBuffer entry = java.nio.ByteBuffer.wrap(PtraceEmulation.syscallInfo(
                PtraceEmulation.Kind.SYSCALL_ENTRY, regs)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(80, entry.capacity());
        assertEquals(1, entry.get(0), "PTRACE_SYSCALL_INFO_ENTRY");
        assertEquals(0xc000003e, entry.getInt(4), "AUDIT_ARCH_X86_64");
        assertEquals(0x401000, entry.getLong(8));
        assertEquals(1, entry.getLong(24), "the syscall's number");
        assertEquals(3, entry.getLong(32), "its first argument");
        java.nio.ByteBuffer exit = java.nio.ByteBuffer.wrap(PtraceEmulation.syscallInfo(
                PtraceEmulation.Kind.SYSCALL_EXIT, regs)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(33, exit.capacity());
        assertEquals(2, exit.get(0), "PTRACE_SYSCALL_INFO_EXIT");
        assertEquals(-38, exit.getLong(24));
        assertEquals(1, exit.get(32), "an error");
        assertEquals(24, PtraceEmulation.syscallInfo(PtraceEmulation.Kind.SIGNAL, regs).length, "neither");
    }

    @Test
    void optionsOtherThanTheEmulatedOnesAreRefused() {
        PtraceEmulation p = new PtraceEmulation();
        assertEquals(3, p.attachRefusal(TRACER, null, PtraceEmulation.SEIZE, 0), "no such task: ESRCH");
        assertEquals(0, PtraceEmulation.EMULATED_OPTIONS & (1 << 7), "TRACESECCOMP is not emulated");
    }

    @Test
    void aVforkIsReportedDoneWithoutItsChildBeingFollowed() {
        PtraceEmulation p = new PtraceEmulation();
        p.attach(CHILD, TRACER, false, true, PtraceEmulation.O_TRACEVFORKDONE);
        assertFalse(p.cloned(CHILD, OTHER, PtraceEmulation.EVENT_VFORK, false), "not TRACEVFORK: not followed");
        assertTrue(p.tracee(CHILD).vforkDoneDue);
        assertEquals(OTHER, p.tracee(CHILD).eventMessage);
        assertEquals(0, p.tracee(CHILD).eventDue);
    }
}
