package org.jrr.trace.block;

import com.github.luben.zstd.Zstd;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.jrr.trace.codec.Crc32c;

/**
 * Appends compressed blocks to a new events file. Blocks given to {@link #writeLater} are compressed and appended
 * on a thread of the writer's own, in order, while the recorder goes on (zstd on a full block takes milliseconds,
 * which the tracee would otherwise wait for); at most {@link #IN_FLIGHT} of them at a time.
 */
public final class BlockWriter implements Closeable {
    private static final int IN_FLIGHT = 2;
    /** zstd's default: fast enough to keep up with recording, and traces compress well at it. */
    private static final int LEVEL = 3;
    /** The largest payload whose worst-case compressed size still stays under {@link BlockHeader#MAX_LENGTH}. */
    public static final int MAX_PAYLOAD = BlockHeader.MAX_LENGTH - (16 << 20);

    private final Path file;
    private final FileChannel channel;
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private ExecutorService worker;
    /** What a block written later failed with; thrown by the next call. */
    private volatile IOException failure;

    private BlockWriter(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Creates the file (it must not exist) and writes its header. */
    public static BlockWriter create(Path file, int version, long traceId) throws IOException {
        FileChannel ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        try {
            writeFully(ch, ByteBuffer.wrap(EventsFile.header(version, traceId)));
            return new BlockWriter(file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** Compresses {@code payload[0, length)} and appends it as one block, after those given to writeLater. */
    public void write(byte[] payload, int length) throws IOException {
        drain();
        append(payload, length);
    }

    /**
     * Compresses and appends {@code payload[0, length)} as one block on the writer's thread; {@code payload} is the
     * writer's from now on. Waits while {@link #IN_FLIGHT} blocks are under way. An earlier such block's failure
     * is thrown here, or by the next {@link #drain}.
     */
    public void writeLater(byte[] payload, int length) throws IOException {
        check();
        if (length > MAX_PAYLOAD) {
            throw new IOException("block of " + length + " bytes is too large for " + file);
        }
        slots.acquireUninterruptibly();
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "jrr-trace-blocks");
                t.setDaemon(true);
                return t;
            });
        }
        worker.execute(() -> {
            try {
                if (failure == null) {
                    append(payload, length);
                }
            } catch (IOException | RuntimeException e) {
                failure = e instanceof IOException io ? io : new IOException(e);
            } finally {
                slots.release();
            }
        });
    }

    /** Waits until every block given to {@link #writeLater} is in the file (or failed: thrown here). */
    public void drain() throws IOException {
        slots.acquireUninterruptibly(IN_FLIGHT);
        slots.release(IN_FLIGHT);
        check();
    }

    private void check() throws IOException {
        IOException e = failure;
        if (e != null) {
            throw new IOException("writing a block of " + file + " failed: " + e.getMessage(), e);
        }
    }

    private void append(byte[] payload, int length) throws IOException {
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
        drain();
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        try {
            slots.acquireUninterruptibly(IN_FLIGHT); // the blocks under way end first, written or failed
            slots.release(IN_FLIGHT);
            if (worker != null) {
                worker.shutdown();
            }
        } finally {
            channel.close();
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer... buffers) throws IOException {
        while (buffers[buffers.length - 1].hasRemaining()) {
            ch.write(buffers);
        }
    }
}
