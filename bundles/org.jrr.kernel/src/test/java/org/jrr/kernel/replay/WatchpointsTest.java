package org.jrr.kernel.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jrr.api.debug.BreakpointKind;
import org.junit.jupiter.api.Test;

class WatchpointsTest {
    @Test
    void rangesAreSplitIntoAlignedPieces() {
        var w = new Watchpoints.Watch(BreakpointKind.WRITE, 0x1003, 9);
        List<Watchpoints.Piece> p = Watchpoints.split(w);
        assertEquals(List.of(1, 4, 4), p.stream().map(Watchpoints.Piece::length).toList());
        assertEquals(List.of(0x1003L, 0x1004L, 0x1008L), p.stream().map(Watchpoints.Piece::address).toList());
        assertEquals(List.of(8), Watchpoints.split(new Watchpoints.Watch(BreakpointKind.WRITE, 0x2000, 8)).stream()
                .map(Watchpoints.Piece::length).toList());
    }

    @Test
    void dr7EnablesEachRegisterWithItsTypeAndLength() {
        var write8 = new Watchpoints.Piece(new Watchpoints.Watch(BreakpointKind.WRITE, 0x2000, 8), 0x2000, 8);
        var read4 = new Watchpoints.Piece(new Watchpoints.Watch(BreakpointKind.READ, 0x3000, 4), 0x3000, 4);
        // register 0: L0, RW=01 (write), LEN=10 (8 bytes); register 1: L1, RW=11 (access), LEN=11 (4 bytes)
        long want = 1L | (0b01L << 16) | (0b10L << 18) | (1L << 2) | (0b11L << 20) | (0b11L << 22);
        assertEquals(want, Watchpoints.dr7(List.of(write8, read4)));
    }

    @Test
    void fourRegistersAtMostAndFiredBitsNameTheWatch() {
        Watchpoints w = new Watchpoints();
        assertTrue(w.add(BreakpointKind.WRITE, 0x1000, 8));
        assertTrue(w.add(BreakpointKind.ACCESS, 0x2001, 3)); // 1 + 2 bytes: two registers
        assertFalse(w.add(BreakpointKind.WRITE, 0x3001, 7), "needs three more registers");
        assertTrue(w.add(BreakpointKind.READ, 0x4000, 4));
        assertEquals(0x2001, w.fired(0b0100).address());
        assertEquals(0x4000, w.fired(0b1000).address());
        assertNull(w.fired(0));
        assertEquals(0x1000, w.written(0x1004, 0x1010).address());
        assertNull(w.written(0x4000, 0x4004), "a read watchpoint does not see writes");
        assertTrue(w.remove(BreakpointKind.ACCESS, 0x2001, 3));
        assertTrue(w.add(BreakpointKind.WRITE, 0x3000, 8));
    }

    @Test
    void writesBeyondTheRegistersAreEmulatedReadsAreNot() {
        Watchpoints w = new Watchpoints();
        for (int i = 0; i < 4; i++) {
            assertTrue(w.add(BreakpointKind.WRITE, 0x1000 + 8 * i, 8));
        }
        assertTrue(!w.add(BreakpointKind.WRITE, 0x5000, 8), "the registers are full");
        assertTrue(!w.emulate(BreakpointKind.READ, 0x5000, 8, null), "a read changes nothing to compare");
        assertTrue(!w.emulating());
        assertTrue(w.emulate(BreakpointKind.WRITE, 0x5000, 8, null));
        assertTrue(w.emulating());
        org.junit.jupiter.api.Assertions.assertEquals(new Watchpoints.Watch(BreakpointKind.WRITE, 0x5000, 8),
                w.written(0x5004, 0x5005), "a syscall's write is seen as for the others");
        assertTrue(w.remove(BreakpointKind.WRITE, 0x5000, 8));
        assertTrue(!w.emulating());
        assertTrue(!w.remove(BreakpointKind.WRITE, 0x5000, 8));
    }
}
