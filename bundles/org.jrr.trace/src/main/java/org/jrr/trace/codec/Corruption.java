package org.jrr.trace.codec;

import java.nio.file.Path;
import org.jrr.api.trace.TraceFormatException;

/** Builds the one-line errors every reader path uses, so a user always sees the file and the offset. */
public final class Corruption {
    private Corruption() {
    }

    public static TraceFormatException at(Path file, long offset, String what) {
        return new TraceFormatException(message(file, offset, what));
    }

    public static TraceFormatException at(Path file, long offset, String what, Throwable cause) {
        return new TraceFormatException(message(file, offset, what), cause);
    }

    private static String message(Path file, long offset, String what) {
        // causes (zstd, ...) may bring multi-line text; the message must stay one line
        return "corrupt trace: " + file + " at offset " + offset + ": " + what.replaceAll("[\\r\\n]+", " ");
    }
}
