package org.jrr.trace.block;

import com.github.luben.zstd.Zstd;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jrr.trace.codec.Crc32c;

/** Appends compressed blocks to a new events file. */
public final class BlockWriter implements Closeable {
    /** zstd's default: fast enough to keep up with recording, and traces compress well at it. */
    private static final int LEVEL = 3;
    /** The largest payload whose worst-case compressed size still stays under {@link BlockHeader#MAX_LENGTH}. */
    public static final int MAX_PAYLOAD = BlockHeader.MAX_LENGTH - (16 << 20);

    private final Path file;
    private final FileChannel channel;

    private BlockWriter(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Creates the file (it must not exist) and writes its header. */
    public static BlockWriter create(Path file, int version) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            writeFully(ch, ByteBuffer.wrap(EventsFile.header(version)));
            return new BlockWriter(file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** Compresses {@code payload[0, length)} and appends it as one block. */
    public void write(byte[] payload, int length) throws IOException {
        if (length > MAX_PAYLOAD) {
            throw new IOException("block of " + length + " bytes is too large for " + file);
        }
        byte[] compressed = new byte[(int) Zstd.compressBound(length)];
        long n = Zstd.compressByteArray(compressed, 0, compressed.length, payload, 0, length, LEVEL);
        if (Zstd.isError(n)) {
            throw new IOException("zstd compression failed: " + Zstd.getErrorName(n));
        }
        int clen = (int) n;
        BlockHeader header = new BlockHeader(length, clen, Crc32c.of(compressed, 0, clen),
                Crc32c.of(payload, 0, length));
        long start = channel.position();
        try {
            writeFully(channel, ByteBuffer.wrap(header.encode()), ByteBuffer.wrap(compressed, 0, clen));
        } catch (IOException e) {
            // drop the partial block, so that a later block (if any) does not follow garbage
            try {
                channel.truncate(start);
                channel.position(start);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Forces the data to the device: for finish(); a SIGKILL does not lose page-cache data anyway. */
    public void sync() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static void writeFully(FileChannel ch, ByteBuffer... buffers) throws IOException {
        while (buffers[buffers.length - 1].hasRemaining()) {
            ch.write(buffers);
        }
    }
}
