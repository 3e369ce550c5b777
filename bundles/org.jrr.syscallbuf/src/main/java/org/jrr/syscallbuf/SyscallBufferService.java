package org.jrr.syscallbuf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.CRC32;
import org.jrr.api.syscall.TraceeMemory;
import org.jrr.api.syscallbuf.BufferedCall;
import org.jrr.api.syscallbuf.Contents;
import org.jrr.api.syscallbuf.Request;
import org.jrr.api.syscallbuf.Setup;
import org.jrr.api.syscallbuf.SyscallBuffer;
import org.jrr.api.trace.BufferFlushEvent;
import org.jrr.api.trace.MemWrite;
import org.osgi.service.component.annotations.Component;

/**
 * jrr's syscall buffer: the preload library (native/src/preload, shipped in this bundle and extracted to
 * {@code ~/.cache/jrr/preload-<crc>/}), the page of entry points, and the records' format.
 */
@Component(service = SyscallBuffer.class, property = {"jrr.name=preload", "service.ranking:Integer=100"})
public final class SyscallBufferService implements SyscallBuffer {
    static final String LIBRARY = "libjrrpreload.so";
    private volatile Path library;

    @Override
    public Setup setup() {
        return new Setup(library(), List.of("JRR_SYSCALLBUF=1"), Protocol.PAGE, Protocol.page(false),
                new long[] {Protocol.BUFFERED_IP, Protocol.RECORD_ONLY_IP, Protocol.EXECUTED_IP}, Protocol.DESCHED_SIGNAL);
    }

    @Override
    public byte[] replayPage() {
        return Protocol.page(true);
    }

    @Override
    public MemWrite othersReady(long buffer, boolean ready) {
        return new MemWrite(buffer + Protocol.OTHERS_READY, new byte[] {(byte) (ready ? 1 : 0)});
    }

    @Override
    public MemWrite filesMappedShared() {
        return new MemWrite(Protocol.PAGE + Protocol.SHARED_ANY_OFFSET, new byte[] {1});
    }

    @Override
    public MemWrite bufferNothing() {
        return new MemWrite(Protocol.PAGE + Protocol.OFF_OFFSET, new byte[] {1});
    }

    @Override
    public MemWrite tracedFd(int fd, boolean traced) {
        return fd >= 0 && fd < Protocol.TRACED_FDS
                ? new MemWrite(Protocol.PAGE + Protocol.TRACED_FDS_OFFSET + fd, new byte[] {(byte) (traced ? 1 : 0)})
                : null;
    }

    @Override
    public String protocol() {
        return new String(Protocol.MAGIC, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public long replayExecutedIp() {
        return Protocol.EXECUTED_IP;
    }

    @Override
    public Request request(int number, long[] args) {
        return switch (number) {
            case Protocol.CALL_REGISTER -> new Request.Register(args[0], args[1], (int) args[2]);
            case Protocol.CALL_FLUSH -> new Request.Flush();
            case Protocol.CALL_DIVERGED -> new Request.Diverged((int) args[0], (int) args[1],
                    Protocol.differences(args[2]), new long[] {args[3], args[4], args[5]});
            default -> null;
        };
    }

    @Override
    public Contents read(TraceeMemory memory, long buffer, int from) throws IOException {
        ByteBuffer h = ByteBuffer.wrap(memory.read(buffer, Protocol.HEADER_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        int end = h.getInt(Protocol.NUM_REC_BYTES);
        boolean locked = h.get(Protocol.LOCKED) != 0;
        if (end < 0 || end > Protocol.MAX_BUFFER - Protocol.HEADER_SIZE) {
            throw new IOException("the syscall buffer at 0x" + Long.toHexString(buffer) + " says it holds " + end
                    + " bytes of records");
        }
        if (end <= from) {
            return new Contents(end, locked, new byte[0]);
        }
        byte[] records = memory.read(buffer + Protocol.HEADER_SIZE + from, end - from);
        try {
            Records.check(records);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage() + " (buffer at 0x" + Long.toHexString(buffer) + ")", e);
        }
        return new Contents(end, locked, records);
    }

    @Override
    public List<BufferedCall> decode(byte[] records) {
        return Records.decode(records);
    }

    @Override
    public MemWrite abortCommit(long buffer) {
        return new MemWrite(buffer + Protocol.ABORT_COMMIT, new byte[] {1});
    }

    @Override
    public MemWrite empty(long buffer) {
        return new MemWrite(buffer + Protocol.NUM_REC_BYTES, new byte[8]); // and replay_end, 0 when recording
    }

    @Override
    public List<MemWrite> replayRecords(BufferFlushEvent flush) {
        byte[] end = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(flush.end()).array();
        return List.of(new MemWrite(flush.buffer() + Protocol.HEADER_SIZE + flush.from(), flush.records()),
                new MemWrite(flush.buffer() + Protocol.REPLAY_END, end));
    }

    @Override
    public int committed(TraceeMemory memory, long buffer) throws IOException {
        byte[] h = memory.read(buffer + Protocol.NUM_REC_BYTES, 4);
        return ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private Path library() {
        Path p = library;
        if (p == null) {
            p = extract(getClass().getClassLoader().getResource("native/linux-x86-64/" + LIBRARY), cacheRoot());
            library = p;
        }
        return p;
    }

    /** Extracts the library to a directory named by its checksum, so a rebuilt jrr never loads a stale one. */
    static Path extract(URL resource, Path cacheRoot) {
        if (resource == null) {
            throw new IllegalStateException("jrr is incomplete: the syscallbuf bundle has no " + LIBRARY);
        }
        try {
            byte[] bytes;
            try (InputStream in = resource.openStream()) {
                bytes = in.readAllBytes();
            }
            CRC32 crc = new CRC32();
            crc.update(bytes);
            Path dir = cacheRoot.resolve(String.format("preload-%08x", crc.getValue()));
            Path target = dir.resolve(LIBRARY);
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                return target;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, LIBRARY, ".tmp"); // two jrr processes may extract at once
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract jrr's preload library to " + cacheRoot + ": "
                    + e.getMessage(), e);
        }
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jrr");
    }
}
