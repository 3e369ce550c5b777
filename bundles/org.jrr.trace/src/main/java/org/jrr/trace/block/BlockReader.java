package org.jrr.trace.block;

import com.github.luben.zstd.Zstd;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jrr.api.trace.TraceFormatException;
import org.jrr.trace.codec.Corruption;
import org.jrr.trace.codec.Crc32c;

/**
 * Reads the blocks of an events file in order, checking each one. A file that ends inside a block is a trace
 * cut short ({@link Truncated}), not an error; anything inconsistent is a {@link TraceFormatException}.
 */
public final class BlockReader implements Closeable {
    /** What {@link #next()} found. */
    public sealed interface Result {
    }

    /** A complete, verified block; {@code offset} is where its header starts. */
    public record Block(long offset, byte[] payload) implements Result {
    }

    /** The file ends exactly after the last block. */
    public record EndOfFile(long offset) implements Result {
    }

    /** The file ends inside the block that starts at {@code offset}. */
    public record Truncated(long offset) implements Result {
    }

    private final Path file;
    private final FileChannel channel;
    /** The file ends inside its own 8-byte header: a recorder killed right after creating it. */
    private final boolean headerCut;
    private long position = EventsFile.HEADER_SIZE;

    private BlockReader(Path file, FileChannel channel, boolean headerCut) {
        this.file = file;
        this.channel = channel;
        this.headerCut = headerCut;
    }

    /** Opens the file and checks its header; a file too short to hold the header reads as cut short. */
    public static BlockReader open(Path file, int version, long traceId) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            byte[] head = new byte[EventsFile.HEADER_SIZE];
            int n = readFully(ch, ByteBuffer.wrap(head), 0);
            byte[] expected = EventsFile.header(version, traceId);
            for (int i = 0; i < n; i++) {
                if (head[i] != expected[i]) {
                    String what = i < 4 ? "bad events file magic, not a jrr binary trace"
                            : i < 8 ? "unsupported format version " + ByteBuffer.wrap(head, 4, 4).getInt()
                                    + " (this codec reads " + version + ")"
                            : "the events file belongs to another trace than the header beside it";
                    throw Corruption.at(file, i < 4 ? 0 : i < 8 ? 4 : 8, what);
                }
            }
            return new BlockReader(file, ch, n < head.length);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** Where the next block's header starts. */
    public long position() {
        return position;
    }

    /** Reads on from {@code offset}, the start of a block (or the end) that an earlier read passed. */
    public void seek(long offset) {
        position = offset;
    }

    public Result next() throws IOException {
        long offset = position;
        long available = channel.size() - offset;
        if (headerCut) {
            return new Truncated(0);
        }
        if (available == 0) {
            return new EndOfFile(offset);
        }
        byte[] head = new byte[BlockHeader.SIZE];
        int n = readFully(channel, ByteBuffer.wrap(head), offset);
        if (!BlockHeader.magicPrefix(head, n)) {
            throw Corruption.at(file, offset, "bad block magic");
        }
        if (n < BlockHeader.SIZE) {
            return new Truncated(offset);
        }
        BlockHeader h = BlockHeader.decode(head, file, offset);
        if (available - BlockHeader.SIZE < h.compressedLength()) {
            return new Truncated(offset);
        }
        byte[] compressed = new byte[h.compressedLength()];
        if (readFully(channel, ByteBuffer.wrap(compressed), offset + BlockHeader.SIZE) < compressed.length) {
            return new Truncated(offset);
        }
        if (Crc32c.of(compressed, 0, compressed.length) != h.compressedCrc()) {
            throw Corruption.at(file, offset, "block checksum mismatch");
        }
        byte[] payload = decompress(h, compressed, offset);
        if (Crc32c.of(payload, 0, payload.length) != h.uncompressedCrc()) {
            throw Corruption.at(file, offset, "block checksum mismatch after decompression");
        }
        position = offset + BlockHeader.SIZE + compressed.length;
        return new Block(offset, payload);
    }

    private byte[] decompress(BlockHeader h, byte[] compressed, long offset) throws TraceFormatException {
        byte[] payload = new byte[h.uncompressedLength()];
        long n;
        try {
            n = Zstd.decompressByteArray(payload, 0, payload.length, compressed, 0, compressed.length);
        } catch (RuntimeException e) {
            throw Corruption.at(file, offset, "zstd decompression failed: " + e.getMessage(), e);
        }
        if (Zstd.isError(n)) {
            throw Corruption.at(file, offset, "zstd decompression failed: " + Zstd.getErrorName(n));
        }
        if (n != payload.length) {
            throw Corruption.at(file, offset, "block decompressed to " + n + " bytes, header says "
                    + payload.length);
        }
        return payload;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Reads until the buffer is full or the file ends; returns the bytes read. */
    private static int readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
