package org.jrr.gdb.target;

/**
 * Linux x86 signal numbers to gdb's ({@code include/gdb/signals.def}), which the remote protocol uses. They agree
 * for the classic ones only; the rest follow gdb's order, and the real-time signals are split around 32.
 */
public final class GdbSignals {
    /** gdb's GDB_SIGNAL_UNKNOWN. */
    public static final int UNKNOWN = 143;
    public static final int INT = 2, TRAP = 5, KILL = 9;

    /** Index: Linux number 0..31. SIGSTKFLT (16) has no gdb number. */
    private static final int[] FROM_LINUX = {
        0, 1, 2, 3, 4, 5, 6, // 0, HUP, INT, QUIT, ILL, TRAP, ABRT
        10, 8, 9, 30, 11, 31, 13, 14, 15, // BUS, FPE, KILL, USR1, SEGV, USR2, PIPE, ALRM, TERM
        UNKNOWN, 20, 19, 17, 18, 21, 22, 16, // STKFLT, CHLD, CONT, STOP, TSTP, TTIN, TTOU, URG
        24, 25, 26, 27, 28, 23, 32, 12, // XCPU, XFSZ, VTALRM, PROF, WINCH, IO, PWR, SYS
    };

    private GdbSignals() {
    }

    public static int fromLinux(int signo) {
        if (signo >= 0 && signo < FROM_LINUX.length) {
            return FROM_LINUX[signo];
        }
        if (signo == 32) {
            return 77; // GDB_SIGNAL_REALTIME_32 came late and got a number out of order
        }
        if (signo >= 33 && signo <= 63) {
            return 45 + signo - 33;
        }
        if (signo >= 64 && signo <= 127) {
            return 78 + signo - 64;
        }
        return UNKNOWN;
    }
}
