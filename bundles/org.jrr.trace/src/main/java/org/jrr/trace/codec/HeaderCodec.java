package org.jrr.trace.codec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jrr.api.trace.TraceFormatException;
import org.jrr.api.trace.TraceHeader;

/**
 * The {@code header} file: magic "JRRH" (i32), format version (i32), payload length (i32), payload, CRC-32C
 * (i32) of everything before it. Small and read once, so it is not compressed.
 */
public final class HeaderCodec {
    static final int MAGIC = 0x4A525248;
    private static final int PREFIX = 12;
    private static final int MIN_SIZE = PREFIX + 4;
    private static final long MAX_SIZE = 64L << 20;

    private HeaderCodec() {
    }

    public static byte[] encode(TraceHeader h) {
        Encoder payload = new Encoder(4096);
        payload.str(h.arch()).str(h.hpcProvider()).str(h.tickSemantics()).strings(h.argv()).strings(h.env())
                .str(h.cwd()).i64(h.startMillis());
        // sorted: the same header always gives the same bytes
        Map<String, String> props = new TreeMap<>(h.properties());
        payload.i32(props.size());
        props.forEach((k, v) -> payload.str(k).str(v));
        Encoder out = new Encoder(payload.size() + MIN_SIZE);
        out.i32(MAGIC).i32(Format.VERSION).i32(payload.size()).append(payload);
        return out.i32(Crc32c.of(out.array(), 0, out.size())).toByteArray();
    }

    /** Writes through a temporary file and a rename, so a reader never sees half a header. */
    public static void write(Path file, TraceHeader h) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.write(Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))), encode(h));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    public static TraceHeader read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_SIZE) {
            throw Corruption.at(file, 0, "header of " + size + " bytes is too large");
        }
        return decode(file, Files.readAllBytes(file));
    }

    public static TraceHeader decode(Path file, byte[] b) throws TraceFormatException {
        if (b.length < MIN_SIZE) {
            throw Corruption.at(file, 0, "header too short (" + b.length + " bytes)");
        }
        Decoder in = new Decoder(b);
        try {
            if (in.i32() != MAGIC) {
                throw Corruption.at(file, 0, "bad header magic, not a jrr binary trace header");
            }
            int version = in.i32();
            // before the length and CRC: another version may lay them out differently
            if (version != Format.VERSION) {
                throw Corruption.at(file, 4, "unsupported format version " + version + " (this codec reads "
                        + Format.VERSION + ")");
            }
            int length = in.i32();
            if (length < 0 || length != b.length - MIN_SIZE) {
                throw Corruption.at(file, 8, "header length " + length + " does not match the file size "
                        + b.length);
            }
            int crcAt = b.length - 4;
            if (Crc32c.of(b, 0, crcAt) != new Decoder(b, crcAt, 4).i32()) {
                throw Corruption.at(file, crcAt, "header checksum mismatch");
            }
            return payload(file, new Decoder(b, PREFIX, length));
        } catch (MalformedDataException e) {
            throw Corruption.at(file, in.position(), e.getMessage());
        }
    }

    private static TraceHeader payload(Path file, Decoder in) throws TraceFormatException {
        try {
            TraceHeader h = new TraceHeader(in.str(), in.str(), in.str(), in.strings(), in.strings(), in.str(),
                    in.i64(), properties(in));
            if (in.hasRemaining()) {
                throw new MalformedDataException(in.remaining() + " unexpected bytes after the header fields");
            }
            return h;
        } catch (MalformedDataException | RuntimeException e) {
            // RuntimeException: List.copyOf/Map.copyOf reject what a damaged payload may hold (duplicate keys...)
            throw Corruption.at(file, in.position(), "bad header: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> properties(Decoder in) throws MalformedDataException {
        int n = in.count(8);
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = in.str();
            String value = in.str();
            if (key == null || value == null || props.put(key, value) != null) {
                throw new MalformedDataException("bad header property '" + key + "'");
            }
        }
        return props;
    }
}
