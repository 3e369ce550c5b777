package org.jrr.api;

/**
 * A failure the user can act on. Its message is one line, shown as {@code jrr: <message>}; the stack trace is
 * only shown with {@code --verbose}.
 */
public class JrrException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public JrrException(String message) {
        this(message, null);
    }

    public JrrException(String message, Throwable cause) {
        this(message, cause, 1);
    }

    public JrrException(String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The exit status jrr ends with when this error reaches the command line. */
    public int exitCode() {
        return exitCode;
    }
}
