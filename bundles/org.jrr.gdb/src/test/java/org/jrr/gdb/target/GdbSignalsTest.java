package org.jrr.gdb.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GdbSignalsTest {
    @Test
    void classicSignalsKeepTheirNumbers() {
        for (int s : new int[] {1, 2, 3, 4, 5, 6, 8, 9, 11, 13, 14, 15, 21, 22, 24, 25, 26, 27, 28}) {
            assertEquals(s, GdbSignals.fromLinux(s), "signal " + s);
        }
    }

    @Test
    void linuxSpecificNumbersAreTranslated() {
        assertEquals(10, GdbSignals.fromLinux(7)); // SIGBUS
        assertEquals(30, GdbSignals.fromLinux(10)); // SIGUSR1
        assertEquals(31, GdbSignals.fromLinux(12)); // SIGUSR2
        assertEquals(GdbSignals.UNKNOWN, GdbSignals.fromLinux(16)); // SIGSTKFLT
        assertEquals(20, GdbSignals.fromLinux(17)); // SIGCHLD
        assertEquals(19, GdbSignals.fromLinux(18)); // SIGCONT
        assertEquals(17, GdbSignals.fromLinux(19)); // SIGSTOP
        assertEquals(18, GdbSignals.fromLinux(20)); // SIGTSTP
        assertEquals(16, GdbSignals.fromLinux(23)); // SIGURG
        assertEquals(23, GdbSignals.fromLinux(29)); // SIGIO
        assertEquals(32, GdbSignals.fromLinux(30)); // SIGPWR
        assertEquals(12, GdbSignals.fromLinux(31)); // SIGSYS
    }

    @Test
    void realtimeSignals() {
        assertEquals(77, GdbSignals.fromLinux(32));
        assertEquals(45, GdbSignals.fromLinux(33));
        assertEquals(46, GdbSignals.fromLinux(34)); // SIGRTMIN as glibc sees it
        assertEquals(75, GdbSignals.fromLinux(63));
        assertEquals(78, GdbSignals.fromLinux(64));
        assertEquals(141, GdbSignals.fromLinux(127));
        assertEquals(GdbSignals.UNKNOWN, GdbSignals.fromLinux(128));
        assertEquals(GdbSignals.UNKNOWN, GdbSignals.fromLinux(-1));
    }
}
