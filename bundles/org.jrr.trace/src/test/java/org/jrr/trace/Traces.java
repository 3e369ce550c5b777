package org.jrr.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.TraceReader;
import org.jrr.trace.block.BlockReader;
import org.jrr.trace.codec.Format;

/** Test helpers: reading a whole trace, listing its blocks. */
final class Traces {
    record Contents(List<Frame> frames, boolean complete) {
    }

    private Traces() {
    }

    static Contents readAll(Path dir) throws IOException {
        try (TraceReader r = new BinaryTraceCodec().open(dir)) {
            List<Frame> frames = new ArrayList<>();
            for (Optional<Frame> f = r.next(); f.isPresent(); f = r.next()) {
                frames.add(f.get());
            }
            // next() after the end stays empty
            if (r.next().isPresent()) {
                throw new AssertionError("a frame after the end");
            }
            return new Contents(frames, r.complete());
        }
    }

    /** The offsets where the blocks of a sound events file start. */
    static List<Long> blockOffsets(Path dir) throws IOException {
        List<Long> offsets = new ArrayList<>();
        long id = Long.parseUnsignedLong(org.jrr.trace.codec.HeaderCodec.read(dir.resolve("header")).properties()
                .get("trace.id"), 16);
        try (BlockReader r = BlockReader.open(dir.resolve("events"), Format.VERSION, id)) {
            for (BlockReader.Result b = r.next(); b instanceof BlockReader.Block block; b = r.next()) {
                offsets.add(block.offset());
            }
        }
        return offsets;
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[Math.toIntExact(offset)] ^= 0x01;
        Files.write(file, b);
    }
}
