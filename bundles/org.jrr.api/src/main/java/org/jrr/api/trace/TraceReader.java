package org.jrr.api.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a trace's frames in order. Used from one thread. */
public interface TraceReader extends AutoCloseable {
    TraceHeader header();

    /**
     * The next frame, or empty at the end of the frames. A damaged trace throws {@link TraceFormatException}
     * naming the file and offset; frames before the damage have been returned already.
     */
    Optional<Frame> next() throws IOException;

    /**
     * A place among the frames to come back to with {@link #seek}: {@code frame} is the number of the frame read
     * next from there; the rest is the format's own (opaque to callers).
     */
    record Bookmark(long frame, long block, int offset) {
    }

    /** Where the reader stands now, for {@link #seek}. Formats that cannot seek throw UnsupportedOperationException. */
    default Bookmark bookmark() {
        throw new UnsupportedOperationException("this trace format cannot go back to a frame");
    }

    /** Goes to a place {@link #bookmark()} gave for the same trace: the next frame is {@code at.frame()}. */
    default void seek(Bookmark at) throws IOException {
        throw new UnsupportedOperationException("this trace format cannot go back to a frame");
    }

    /** After {@link #next()} returned empty: whether the recorder finished the trace (false: cut short). */
    boolean complete();

    /** The path of a file stored with {@link TraceWriter#addFile}. */
    Path file(String name) throws IOException;

    @Override
    void close() throws IOException;
}
