package org.jrr.trace;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.TraceHeader;
import org.jrr.api.trace.TraceWriter;
import org.jrr.trace.block.BlockWriter;
import org.jrr.trace.codec.Encoder;
import org.jrr.trace.codec.Format;
import org.jrr.trace.codec.FrameCodec;
import org.jrr.trace.codec.HeaderCodec;

/** Buffers serialized frames and writes them as blocks; see {@link BlockPolicy} for when. */
final class BinaryTraceWriter implements TraceWriter {
    private enum State { OPEN, FINISHED, FAILED, CLOSED }

    /** Room for the end marker, which must fit in the last block. */
    private static final int END_BYTES = 16;

    private final BlockWriter blocks;
    private final FileStore files;
    private final BlockPolicy policy;
    private final Encoder pending;
    private final Encoder frameBytes = new Encoder(64 << 10);
    private long nextNumber = 1;
    private long lastBlockNanos;
    private State state = State.OPEN;
    private IOException failure;

    private BinaryTraceWriter(BlockWriter blocks, FileStore files, BlockPolicy policy) {
        this.blocks = blocks;
        this.files = files;
        this.policy = policy;
        this.pending = new Encoder(Math.min(policy.targetBytes(), 1 << 20) + (64 << 10));
        this.lastBlockNanos = policy.nanoClock().getAsLong();
    }

    /** The header property that holds the trace's id, which the events file repeats. */
    static final String TRACE_ID = "trace.id";

    static BinaryTraceWriter create(Path dir, TraceHeader header, BlockPolicy policy) throws IOException {
        TraceLayout layout = new TraceLayout(dir);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a directory");
        }
        for (Path existing : new Path[] {layout.header(), layout.events()}) {
            if (Files.exists(existing)) {
                throw new FileAlreadyExistsException(existing.toString(), null, "a trace exists already");
            }
        }
        Objects.requireNonNull(header, "header");
        long id = new java.security.SecureRandom().nextLong();
        java.util.Map<String, String> properties = new java.util.TreeMap<>(header.properties());
        properties.put(TRACE_ID, Long.toHexString(id)); // ties the events file to this header
        HeaderCodec.write(layout.header(), new TraceHeader(header.arch(), header.hpcProvider(), header.tickSemantics(),
                header.argv(), header.env(), header.cwd(), header.startMillis(), properties));
        Files.createDirectories(layout.files(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        return new BinaryTraceWriter(BlockWriter.create(layout.events(), Format.VERSION, id),
                new FileStore(layout.files()), policy);
    }

    @Override
    public void append(Frame frame) throws IOException {
        checkState(false);
        Objects.requireNonNull(frame, "frame");
        if (frame.number() != nextNumber) {
            throw new IllegalArgumentException("frame number " + frame.number() + " where " + nextNumber
                    + " was expected: frames are numbered 1, 2, 3...");
        }
        // serialize apart first: a frame that fails half-way must leave nothing behind in the block
        frameBytes.reset();
        FrameCodec.write(frame, frameBytes);
        if (frameBytes.size() > BlockWriter.MAX_PAYLOAD - END_BYTES) {
            throw new IOException("frame " + frame.number() + " is too large for a block: " + frameBytes.size()
                    + " bytes");
        }
        if (pending.size() + frameBytes.size() > BlockWriter.MAX_PAYLOAD - END_BYTES) {
            writeBlock(true);
        }
        pending.append(frameBytes);
        nextNumber++;
        if (pending.size() >= policy.targetBytes()
                || policy.nanoClock().getAsLong() - lastBlockNanos > policy.maxAgeNanos()) {
            writeBlock(true);
        }
    }

    /** Waits until the blocks made so far are in the file (they are written on the block writer's thread). */
    void drain() throws IOException {
        blocks.drain();
    }

    @Override
    public String addFile(Path source) throws IOException {
        checkState(true);
        return files.add(source, false);
    }

    @Override
    public String addFileSnapshot(Path source) throws IOException {
        checkState(true);
        return files.add(source, true);
    }

    @Override
    public void flush() throws IOException {
        checkState(true);
        writeBlock(false);
    }

    @Override
    public void finish() throws IOException {
        checkState(true);
        if (state == State.FINISHED) {
            return;
        }
        FrameCodec.writeEnd(nextNumber - 1, pending);
        writeBlock(false);
        blocks.sync();
        state = State.FINISHED;
    }

    @Override
    public void close() throws IOException {
        if (state == State.CLOSED) {
            return;
        }
        try {
            if (state == State.OPEN) {
                writeBlock(false);
            }
        } finally {
            state = State.CLOSED;
            blocks.close();
        }
    }

    /** Makes the pending frames a block: now, or on the block writer's thread ({@code later}). */
    private void writeBlock(boolean later) throws IOException {
        if (pending.size() == 0) {
            return;
        }
        try {
            if (later) {
                blocks.writeLater(java.util.Arrays.copyOf(pending.array(), pending.size()), pending.size());
            } else {
                blocks.write(pending.array(), pending.size());
            }
        } catch (IOException | RuntimeException e) {
            // the buffered frames are lost; appending more would leave a gap in the numbering
            state = State.FAILED;
            failure = e instanceof IOException io ? io : new IOException(e);
            throw e;
        }
        pending.reset();
        lastBlockNanos = policy.nanoClock().getAsLong();
    }

    private void checkState(boolean finishedOk) throws IOException {
        switch (state) {
            case OPEN -> { }
            case FINISHED -> {
                if (!finishedOk) {
                    throw new IllegalStateException("trace " + blocks.file() + " is finished");
                }
            }
            case FAILED -> throw new IOException("trace " + blocks.file() + " failed earlier: " + failure.getMessage(),
                    failure);
            case CLOSED -> throw new IllegalStateException("trace " + blocks.file() + " is closed");
        }
    }
}
