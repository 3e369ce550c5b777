package org.jrr.api.trace;

/**
 * A task ended.
 *
 * @param waitStatus the raw wait status: {@code code << 8} for an exit, the signal number for a kill
 */
public record ExitEvent(int waitStatus) implements Event {
    public boolean signaled() {
        return (waitStatus & 0x7f) != 0;
    }

    public int exitCode() {
        return (waitStatus >> 8) & 0xff;
    }

    public int termSignal() {
        return waitStatus & 0x7f;
    }

    /** The status a shell would report: the exit code, or 128 + the signal. */
    public int shellStatus() {
        return signaled() ? 128 + termSignal() : exitCode();
    }

    @Override
    public String kind() {
        return "exit";
    }
}
