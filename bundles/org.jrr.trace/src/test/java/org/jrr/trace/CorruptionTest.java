package org.jrr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.jrr.api.trace.ExitEvent;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.TraceFormatException;
import org.jrr.api.trace.TraceReader;
import org.jrr.api.trace.TraceWriter;
import org.jrr.trace.block.BlockHeader;
import org.jrr.trace.block.BlockWriter;
import org.jrr.trace.codec.Crc32c;
import org.jrr.trace.codec.Encoder;
import org.jrr.trace.codec.Format;
import org.jrr.trace.codec.FrameCodec;
import org.jrr.trace.codec.HeaderCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage is a TraceFormatException naming the file and offset; the frames before it still come out. */
class CorruptionTest {
    @TempDir
    Path dir;

    private final List<Frame> frames = Samples.manyFrames(new Random(5), 60, 500);

    /** Writes 3 blocks of 20 frames (the last one finished); returns the block offsets. */
    private List<Long> writeTrace() throws IOException {
        try (TraceWriter w = new BinaryTraceCodec().create(dir, Samples.header())) {
            for (Frame f : frames) {
                w.append(f);
                if (f.number() % 20 == 0) {
                    w.flush();
                }
            }
            w.finish();
        }
        List<Long> offsets = Traces.blockOffsets(dir);
        assertEquals(4, offsets.size(), "3 blocks of frames and the end marker's");
        return offsets;
    }

    /** An events file put beside another trace's header is refused, naming the file, not read as that trace's. */
    @Test
    void anEventsFileOfAnotherTraceIsRefused(@TempDir Path other) throws IOException {
        writeTrace();
        try (TraceWriter w = new BinaryTraceCodec().create(other, Samples.header())) {
            w.append(frames.get(0));
            w.finish();
        }
        Files.copy(other.resolve("events"), dir.resolve("events"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> new BinaryTraceCodec().open(dir));
        assertTrue(e.getMessage().contains("belongs to another trace"), e.getMessage());
        assertNames(e, dir.resolve("events"), 8);
    }

    /** Reads until the exception; checks the frames before it and returns it. */
    private TraceFormatException readExpectingDamage(int framesBefore) throws IOException {
        List<Frame> read = new ArrayList<>();
        try (TraceReader r = new BinaryTraceCodec().open(dir)) {
            TraceFormatException e = assertThrows(TraceFormatException.class, () -> {
                for (Optional<Frame> f = r.next(); f.isPresent(); f = r.next()) {
                    read.add(f.get());
                }
            });
            assertEquals(frames.subList(0, framesBefore), read);
            assertFalse(r.complete());
            // and it stays damaged
            assertThrows(TraceFormatException.class, r::next);
            return e;
        }
    }

    private void assertNames(TraceFormatException e, Path file, long offset) {
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()) && m.contains("at offset " + offset + ":"), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void flippedPayloadByte() throws IOException {
        List<Long> offsets = writeTrace();
        Traces.flipByte(dir.resolve("events"), offsets.get(1) + BlockHeader.SIZE + 10);
        TraceFormatException e = readExpectingDamage(20);
        assertNames(e, dir.resolve("events"), offsets.get(1));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void everyFlippedHeaderByteOfMiddleAndLastBlock() throws IOException {
        List<Long> offsets = writeTrace();
        byte[] good = Files.readAllBytes(dir.resolve("events"));
        for (int block : new int[] {1, 3}) {
            for (int i = 0; i < BlockHeader.SIZE; i++) {
                Files.write(dir.resolve("events"), good);
                Traces.flipByte(dir.resolve("events"), offsets.get(block) + i);
                TraceFormatException e = readExpectingDamage(20 * block);
                assertNames(e, dir.resolve("events"), offsets.get(block));
            }
        }
    }

    @Test
    void flippedEventsFileMagic() throws IOException {
        writeTrace();
        Traces.flipByte(dir.resolve("events"), 1);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> new BinaryTraceCodec().open(dir));
        assertNames(e, dir.resolve("events"), 0);
    }

    @Test
    void corruptHeaderFile() throws IOException {
        writeTrace();
        Path header = dir.resolve("header");
        Traces.flipByte(header, Files.size(header) / 2);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> new BinaryTraceCodec().open(dir));
        assertTrue(e.getMessage().contains(header.toString()), e.getMessage());
        Files.write(header, new byte[0]);
        e = assertThrows(TraceFormatException.class, () -> new BinaryTraceCodec().open(dir));
        assertTrue(e.getMessage().contains(header.toString()), e.getMessage());
    }

    @Test
    void dataAfterTheEndMarker() throws IOException {
        List<Long> offsets = writeTrace();
        byte[] b = Files.readAllBytes(dir.resolve("events"));
        // a copy of the first block after the end
        Files.write(dir.resolve("events"), Arrays.copyOfRange(b, offsets.get(0).intValue(), offsets.get(1).intValue()),
                StandardOpenOption.APPEND);
        assertNames(readExpectingDamage(60), dir.resolve("events"), offsets.get(3));
    }

    // Blocks whose checksums are right but whose contents are not: made by hand.

    private Path handMadeTrace() throws IOException {
        org.jrr.api.trace.TraceHeader h = Samples.header();
        java.util.Map<String, String> p = new java.util.TreeMap<>(h.properties());
        p.put("trace.id", Long.toHexString(HAND_MADE_ID));
        HeaderCodec.write(dir.resolve("header"), new org.jrr.api.trace.TraceHeader(h.arch(), h.hpcProvider(),
                h.tickSemantics(), h.argv(), h.env(), h.cwd(), h.startMillis(), p));
        return dir.resolve("events");
    }

    private static final long HAND_MADE_ID = 0x1234;

    private static void appendRaw(Path events, BlockHeader h, byte[] compressed) throws IOException {
        Files.write(events, h.encode(), StandardOpenOption.APPEND);
        Files.write(events, compressed, StandardOpenOption.APPEND);
    }

    @Test
    void unparsableFrameInASoundBlock() throws IOException {
        Path events = handMadeTrace();
        Encoder payload = new Encoder(64);
        FrameCodec.write(new Frame(1, 1, new ExitEvent(0)), payload);
        payload.u8(0x42).i64(2);
        try (BlockWriter w = BlockWriter.create(events, Format.VERSION, HAND_MADE_ID)) {
            w.write(payload.array(), payload.size());
        }
        List<Frame> read = new ArrayList<>();
        try (TraceReader r = new BinaryTraceCodec().open(dir)) {
            read.add(r.next().orElseThrow());
            TraceFormatException e = assertThrows(TraceFormatException.class, r::next);
            assertNames(e, events, 16);
            assertTrue(e.getMessage().contains("bad frame at byte 17 of the block: unknown frame tag 0x42"),
                    e.getMessage());
        }
        assertEquals(List.of(new Frame(1, 1, new ExitEvent(0))), read);
    }

    @Test
    void frameNumberGap() throws IOException {
        Path events = handMadeTrace();
        Encoder payload = new Encoder(64);
        FrameCodec.write(new Frame(1, 1, new ExitEvent(0)), payload);
        FrameCodec.write(new Frame(3, 1, new ExitEvent(0)), payload);
        try (BlockWriter w = BlockWriter.create(events, Format.VERSION, HAND_MADE_ID)) {
            w.write(payload.array(), payload.size());
        }
        try (TraceReader r = new BinaryTraceCodec().open(dir)) {
            r.next();
            TraceFormatException e = assertThrows(TraceFormatException.class, r::next);
            assertTrue(e.getMessage().contains("frame number 3"), e.getMessage());
        }
    }

    @Test
    void absurdLengthWithAValidHeaderChecksum() throws IOException {
        Path events = handMadeTrace();
        try (BlockWriter w = BlockWriter.create(events, Format.VERSION, HAND_MADE_ID)) {
            assertEquals(16, Files.size(events));
        }
        appendRaw(events, new BlockHeader(BlockHeader.MAX_LENGTH + 1, 10, 0, 0), new byte[10]);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> Traces.readAll(dir));
        assertNames(e, events, 16);
        assertTrue(e.getMessage().contains("absurd"), e.getMessage());
    }

    @Test
    void zstdFailureWithValidChecksums() throws IOException {
        Path events = handMadeTrace();
        try (BlockWriter w = BlockWriter.create(events, Format.VERSION, HAND_MADE_ID)) {
            assertEquals(16, Files.size(events));
        }
        byte[] garbage = Samples.bytes(new Random(1), 100);
        appendRaw(events, new BlockHeader(1000, garbage.length, Crc32c.of(garbage, 0, 100), 0), garbage);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> Traces.readAll(dir));
        assertNames(e, events, 16);
        assertTrue(e.getMessage().contains("zstd"), e.getMessage());
    }

    @Test
    void emptyEventsFileIsACutShortTrace() throws IOException {
        Path events = handMadeTrace();
        Files.write(events, new byte[0]);
        assertEquals(new Traces.Contents(List.of(), false), Traces.readAll(dir));
    }
}
