package org.jrr.cli;

/**
 * Ctrl-C in a terminal signals every process in the foreground group: while gdb runs there, SIGINT is gdb's
 * (to stop the replay), so jrr must not end on it. A Java handler, not SIG_IGN, so programs jrr starts later
 * still get the default.
 */
final class Interrupts {
    private Interrupts() {
    }

    static void ignore() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> {
                // gdb's: it interrupts the replay through the protocol
            });
        } catch (IllegalArgumentException | LinkageError e) {
            // no such signal support here: Ctrl-C then ends jrr and the replay with it
        }
    }
}
