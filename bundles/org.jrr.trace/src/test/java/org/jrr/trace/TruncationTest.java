package org.jrr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.TraceWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trace cut short anywhere reads as the frames of its complete blocks, never as an error. */
class TruncationTest {
    /** Where a block ends, and how many frames the file holds up to there. */
    private record Boundary(long size, int frames) {
    }

    @TempDir
    Path dir;

    private final List<Frame> frames = Samples.manyFrames(new Random(3), 120, 300);
    private final List<Boundary> boundaries = new ArrayList<>();
    private byte[] events;

    @BeforeEach
    void writeTrace() throws IOException {
        Path eventsFile = dir.resolve("events");
        try (TraceWriter w = new BinaryTraceCodec().create(dir, Samples.header())) {
            boundaries.add(new Boundary(Files.size(eventsFile), 0));
            for (Frame f : frames) {
                w.append(f);
                // a block of 20 frames, then the rest in the finishing block
                if (f.number() % 20 == 0 && f.number() < frames.size()) {
                    w.flush();
                    boundaries.add(new Boundary(Files.size(eventsFile), (int) f.number()));
                }
            }
            w.finish();
        }
        events = Files.readAllBytes(eventsFile);
        assertEquals(6, boundaries.size(), "5 flushed blocks, plus the file header");
    }

    private Traces.Contents readCut(int size) throws IOException {
        Files.write(dir.resolve("events"), Arrays.copyOf(events, size));
        return Traces.readAll(dir);
    }

    private int framesBefore(long cut) {
        return boundaries.stream().filter(b -> b.size() <= cut).mapToInt(Boundary::frames).max().orElse(0);
    }

    @Test
    void everyCutInsideTheLastBlock() throws IOException {
        long lastBlock = boundaries.get(boundaries.size() - 1).size();
        assertTrue(events.length - lastBlock > 1000, "a last block worth cutting");
        for (int cut = (int) lastBlock; cut < events.length; cut++) {
            assertEquals(new Traces.Contents(frames.subList(0, 100), false), readCut(cut), "cut at " + cut);
        }
    }

    @Test
    void cutsAnywhere() throws IOException {
        for (int cut = 0; cut < events.length; cut += 97) {
            assertEquals(new Traces.Contents(frames.subList(0, framesBefore(cut)), false), readCut(cut),
                    "cut at " + cut);
        }
    }

    @Test
    void cutsAtBlockBoundaries() throws IOException {
        for (Boundary b : boundaries) {
            assertEquals(new Traces.Contents(frames.subList(0, b.frames()), false), readCut((int) b.size()),
                    "cut at " + b);
        }
    }

    @Test
    void theWholeFileIsComplete() throws IOException {
        assertEquals(new Traces.Contents(frames, true), readCut(events.length));
    }
}
