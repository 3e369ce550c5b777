package org.jrr.api.trace;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Appends frames to a trace. Frames reach the disk in blocks; a trace cut short (jrr killed) can be read up to
 * its last complete block. Used from one thread.
 */
public interface TraceWriter extends AutoCloseable {
    /** Appends a frame; its number must be one more than the previous frame's. */
    void append(Frame frame) throws IOException;

    /**
     * Keeps a copy (or hard link) of a file the tracee mapped and returns the name replay opens it by. The
     * same file (device, inode, size, modification time) is stored once.
     */
    String addFile(Path source) throws IOException;

    /**
     * Like {@link #addFile}, but always a copy of the file as it is now, never a link: for a file the recording may
     * change (mapped shared).
     */
    default String addFileSnapshot(Path source) throws IOException {
        return addFile(source);
    }

    /** Writes out buffered frames as a complete block. */
    void flush() throws IOException;

    /**
     * Ends the trace: flushes and marks it complete, so a reader can tell it apart from a trace that was cut
     * short. {@code close} without {@code finish} leaves an incomplete (but readable) trace.
     */
    void finish() throws IOException;

    @Override
    void close() throws IOException;
}
