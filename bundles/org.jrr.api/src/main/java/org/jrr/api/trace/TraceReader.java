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

    /** After {@link #next()} returned empty: whether the recorder finished the trace (false: cut short). */
    boolean complete();

    /** The path of a file stored with {@link TraceWriter#addFile}. */
    Path file(String name) throws IOException;

    @Override
    void close() throws IOException;
}
