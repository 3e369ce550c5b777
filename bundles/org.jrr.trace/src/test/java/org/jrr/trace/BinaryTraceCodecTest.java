package org.jrr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jrr.api.trace.ExitEvent;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.TraceFormatException;
import org.jrr.api.trace.TraceReader;
import org.jrr.api.trace.TraceWriter;
import org.jrr.trace.codec.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryTraceCodecTest {
    @TempDir
    Path dir;

    private final Random random = new Random(7);
    private final BinaryTraceCodec codec = new BinaryTraceCodec();

    private void write(List<Frame> frames, boolean finish) throws IOException {
        try (TraceWriter w = codec.create(dir, Samples.header())) {
            for (Frame f : frames) {
                w.append(f);
            }
            if (finish) {
                w.finish();
            }
        }
    }

    @Test
    void identity() {
        assertEquals("binary", codec.name());
        assertEquals(7, codec.formatVersion());
        assertEquals(Format.VERSION, codec.formatVersion());
    }

    @Test
    void everyEventKindRoundTrips() throws Exception {
        List<Frame> frames = Samples.frames(Samples.everyKind(random));
        write(frames, true);
        assertTrue(Files.isDirectory(dir.resolve("files")));
        assertEquals(new Traces.Contents(frames, true), Traces.readAll(dir));
        try (TraceReader r = codec.open(dir)) {
            assertEquals(Samples.header(), r.header());
        }
    }

    @Test
    void manyFramesSpanSeveralBlocks() throws Exception {
        // random bytes do not compress: about 6 MiB of payload, so 1 MiB blocks give at least 5 of them
        List<Frame> frames = Samples.manyFrames(random, 3000, 4096);
        write(frames, true);
        assertTrue(Traces.blockOffsets(dir).size() >= 5, "blocks: " + Traces.blockOffsets(dir));
        assertEquals(new Traces.Contents(frames, true), Traces.readAll(dir));
    }

    @Test
    void seekReturnsToBookmarkedFrames() throws Exception {
        List<Frame> frames = Samples.manyFrames(random, 3000, 4096);
        write(frames, true);
        try (TraceReader r = codec.open(dir); TraceReader other = codec.open(dir)) {
            java.util.Map<Integer, TraceReader.Bookmark> marks = new java.util.HashMap<>();
            for (int i = 0; i < frames.size(); i++) {
                if (i % 331 == 0 || i == frames.size() - 1) {
                    marks.put(i, r.bookmark());
                    assertEquals(i + 1, r.bookmark().frame());
                }
                assertEquals(frames.get(i), r.next().orElseThrow());
            }
            assertTrue(r.next().isEmpty());
            for (int i : List.of(2979, 0, 1324, 331, 2999)) {
                other.seek(marks.getOrDefault(i, marks.get(2999)));
                int from = marks.containsKey(i) ? i : 2999;
                for (int j = from; j < Math.min(from + 40, frames.size()); j++) {
                    assertEquals(frames.get(j), other.next().orElseThrow(), "frame " + (j + 1) + " after a seek");
                }
            }
            other.seek(marks.get(2999));
            other.next().orElseThrow();
            assertTrue(other.next().isEmpty());
            assertTrue(other.complete());
        }
    }

    @Test
    void completeOnlyAfterTheEnd() throws Exception {
        List<Frame> frames = Samples.frames(Samples.everyKind(random));
        write(frames, true);
        try (TraceReader r = codec.open(dir)) {
            for (Frame f : frames) {
                assertEquals(f, r.next().orElseThrow());
                assertFalse(r.complete());
            }
            assertTrue(r.next().isEmpty());
            assertTrue(r.complete());
        }
    }

    @Test
    void closeWithoutFinishKeepsEveryFrameButIsIncomplete() throws Exception {
        List<Frame> frames = Samples.manyFrames(random, 50, 100);
        write(frames, false);
        assertEquals(new Traces.Contents(frames, false), Traces.readAll(dir));
    }

    @Test
    void emptyFinishedTrace() throws Exception {
        write(List.of(), true);
        assertEquals(new Traces.Contents(List.of(), true), Traces.readAll(dir));
    }

    @Test
    void flushedFramesAreReadableWhileWriting() throws Exception {
        List<Frame> frames = Samples.manyFrames(random, 20, 100);
        try (TraceWriter w = codec.create(dir, Samples.header())) {
            frames.subList(0, 10).forEach(f -> append(w, f));
            assertEquals(new Traces.Contents(List.of(), false), Traces.readAll(dir), "nothing flushed yet");
            w.flush();
            assertEquals(new Traces.Contents(frames.subList(0, 10), false), Traces.readAll(dir));
            frames.subList(10, 20).forEach(f -> append(w, f));
            w.flush();
            w.flush(); // nothing pending: no empty block
            assertEquals(2, Traces.blockOffsets(dir).size());
        }
    }

    @Test
    void aBlockIsWrittenWhenTheLastIsOlderThan250ms() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        BlockPolicy policy = new BlockPolicy(1 << 20, TimeUnit.MILLISECONDS.toNanos(250), now::get);
        List<Frame> frames = Samples.manyFrames(random, 4, 100);
        try (BinaryTraceWriter w = BinaryTraceWriter.create(dir, Samples.header(), policy)) {
            w.append(frames.get(0));
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
            w.append(frames.get(1));
            w.drain();
            assertEquals(0, Traces.blockOffsets(dir).size());
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(51));
            w.append(frames.get(2));
            w.drain(); // the block is written on the block writer's thread
            assertEquals(1, Traces.blockOffsets(dir).size());
            assertEquals(frames.subList(0, 3), Traces.readAll(dir).frames());
            // the clock restarts at the block just written
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(249));
            w.append(frames.get(3));
            w.drain();
            assertEquals(1, Traces.blockOffsets(dir).size());
        }
    }

    @Test
    void frameNumbersMustBeConsecutiveFromOne() throws Exception {
        try (TraceWriter w = codec.create(dir, Samples.header())) {
            assertThrows(IllegalArgumentException.class, () -> w.append(new Frame(2, 1, new ExitEvent(0))));
            assertThrows(IllegalArgumentException.class, () -> w.append(new Frame(0, 1, new ExitEvent(0))));
            w.append(new Frame(1, 1, new ExitEvent(0)));
            assertThrows(IllegalArgumentException.class, () -> w.append(new Frame(1, 1, new ExitEvent(0))));
            assertThrows(IllegalArgumentException.class, () -> w.append(new Frame(3, 1, new ExitEvent(0))));
            w.append(new Frame(2, 1, new ExitEvent(0)));
            w.finish();
            assertThrows(IllegalStateException.class, () -> w.append(new Frame(3, 1, new ExitEvent(0))));
        }
        assertEquals(2, Traces.readAll(dir).frames().size());
    }

    @Test
    void aFrameThatCannotBeSerializedLeavesNothingBehind() throws Exception {
        try (TraceWriter w = codec.create(dir, Samples.header())) {
            w.append(new Frame(1, 1, new ExitEvent(0)));
            assertThrows(NullPointerException.class, () -> w.append(new Frame(2, 1,
                    new org.jrr.api.trace.SignalEvent(11, new byte[128], null, true))));
            w.append(new Frame(2, 1, new ExitEvent(9)));
            w.finish();
        }
        assertEquals(List.of(new Frame(1, 1, new ExitEvent(0)), new Frame(2, 1, new ExitEvent(9))),
                Traces.readAll(dir).frames());
    }

    @Test
    void createRefusesAnExistingTrace() throws Exception {
        write(List.of(), true);
        assertThrows(IOException.class, () -> codec.create(dir, Samples.header()));
        try (TraceReader r = codec.open(dir)) {
            assertEquals(Samples.header(), r.header());
        }
    }

    @Test
    void openWithoutTraceFilesIsNotATrace() throws Exception {
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> codec.open(dir));
        assertTrue(e.getMessage().startsWith("not a jrr trace: " + dir), e.getMessage());
        write(List.of(), true);
        Files.delete(dir.resolve("events"));
        e = assertThrows(TraceFormatException.class, () -> codec.open(dir));
        assertTrue(e.getMessage().contains("not a jrr trace") && e.getMessage().contains("events"),
                e.getMessage());
    }

    private static void append(TraceWriter w, Frame f) {
        try {
            w.append(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
