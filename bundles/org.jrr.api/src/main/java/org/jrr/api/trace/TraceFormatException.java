package org.jrr.api.trace;

import java.io.IOException;

/** A trace that cannot be read: the message names the file and the offset. */
public class TraceFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public TraceFormatException(String message) {
        super(message);
    }

    public TraceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
