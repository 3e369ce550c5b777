package org.jrr.api.trace;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads and writes the contents of a trace directory (service property {@code jrr.name} names the codec). The
 * directory's {@code version} file, which names the codec, is written by the kernel, not by a codec.
 */
public interface TraceCodec {
    /** The codec's name, as in its {@code jrr.name} property and a trace's {@code version} file. */
    String name();

    /** The version of this codec's format; a reader accepts only traces of this version. */
    int formatVersion();

    /** Starts a new trace in {@code dir}, which exists and is empty but for the version file. */
    TraceWriter create(Path dir, TraceHeader header) throws IOException;

    /** Opens a trace this codec wrote. Never trusts the files: errors name the file and offset. */
    TraceReader open(Path dir) throws IOException;
}
