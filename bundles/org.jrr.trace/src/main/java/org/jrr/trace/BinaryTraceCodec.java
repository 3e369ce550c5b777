package org.jrr.trace;

import java.io.IOException;
import java.nio.file.Path;
import org.jrr.api.trace.TraceCodec;
import org.jrr.api.trace.TraceHeader;
import org.jrr.api.trace.TraceReader;
import org.jrr.api.trace.TraceWriter;
import org.jrr.trace.codec.Format;
import org.osgi.service.component.annotations.Component;

/**
 * The default codec: a checksummed {@code header}, an {@code events} stream of zstd-compressed blocks of
 * frames, and {@code files/} with the mapped files.
 */
@Component(service = TraceCodec.class, property = {"jrr.name=" + BinaryTraceCodec.NAME, "service.ranking:Integer=0"})
public final class BinaryTraceCodec implements TraceCodec {
    public static final String NAME = "binary";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int formatVersion() {
        return Format.VERSION;
    }

    @Override
    public TraceWriter create(Path dir, TraceHeader header) throws IOException {
        return BinaryTraceWriter.create(dir, header, BlockPolicy.DEFAULT);
    }

    @Override
    public TraceReader open(Path dir) throws IOException {
        return BinaryTraceReader.open(dir);
    }
}
