package org.jrr.trace.codec;

/**
 * Bytes that do not decode. Checked, and without a file or offset: the caller knows where the bytes came from
 * and turns it into a {@link org.jrr.api.trace.TraceFormatException} with {@link Corruption}.
 */
public final class MalformedDataException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedDataException(String message) {
        super(message);
    }
}
