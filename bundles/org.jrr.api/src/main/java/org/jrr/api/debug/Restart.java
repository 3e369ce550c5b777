package org.jrr.api.debug;

/** Where {@link ReplayControl#restart} takes the replay. */
public sealed interface Restart {
    /** Where the debugged process starts (or the event the debugging started at). */
    record FromStart() implements Restart {
    }

    /** Just before trace event {@code event} (or the first event after it where the debugged process lives). */
    record AtEvent(long event) implements Restart {
    }

    /** Where checkpoint {@code number} was made. */
    record AtCheckpoint(int number) implements Restart {
    }
}
