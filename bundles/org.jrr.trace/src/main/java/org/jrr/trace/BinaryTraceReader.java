package org.jrr.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.TraceFormatException;
import org.jrr.api.trace.TraceHeader;
import org.jrr.api.trace.TraceReader;
import org.jrr.trace.block.BlockReader;
import org.jrr.trace.codec.Corruption;
import org.jrr.trace.codec.Decoder;
import org.jrr.trace.codec.Entry;
import org.jrr.trace.codec.Format;
import org.jrr.trace.codec.FrameCodec;
import org.jrr.trace.codec.HeaderCodec;
import org.jrr.trace.codec.MalformedDataException;

/** Decodes frames one at a time from the blocks, checking their numbering and the end marker. */
final class BinaryTraceReader implements TraceReader {
    private final TraceLayout layout;
    private final TraceHeader header;
    private final BlockReader blocks;
    /** Stored files checked against the manifest already (each once per reader). */
    private final Set<String> verified = new HashSet<>();
    private Decoder block;
    private long blockOffset;
    private long nextNumber = 1;
    private boolean done;
    private boolean complete;
    private TraceFormatException failure;
    /** After a seek into the middle of a block: where in it to start. */
    private int skip;

    private BinaryTraceReader(TraceLayout layout, TraceHeader header, BlockReader blocks) {
        this.layout = layout;
        this.header = header;
        this.blocks = blocks;
    }

    static BinaryTraceReader open(Path dir) throws IOException {
        TraceLayout layout = new TraceLayout(dir);
        for (Path required : new Path[] {layout.header(), layout.events()}) {
            if (!Files.isRegularFile(required)) {
                throw new TraceFormatException("not a jrr trace: " + dir + " has no " + required.getFileName()
                        + " file");
            }
        }
        TraceHeader header = HeaderCodec.read(layout.header());
        long id;
        try {
            id = Long.parseUnsignedLong(header.properties().getOrDefault(BinaryTraceWriter.TRACE_ID, ""), 16);
        } catch (NumberFormatException e) {
            throw new TraceFormatException("corrupt trace: " + layout.header() + " has no trace id");
        }
        Map<String, String> properties = new TreeMap<>(header.properties());
        properties.remove(BinaryTraceWriter.TRACE_ID); // the codec's own: readers see the header as it was given
        TraceHeader given = new TraceHeader(header.arch(), header.hpcProvider(), header.tickSemantics(), header.argv(),
                header.env(), header.cwd(), header.startMillis(), properties);
        return new BinaryTraceReader(layout, given, BlockReader.open(layout.events(), Format.VERSION, id));
    }

    @Override
    public TraceHeader header() {
        return header;
    }

    @Override
    public Optional<Frame> next() throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            return Optional.ofNullable(done ? null : advance());
        } catch (TraceFormatException e) {
            // a damaged trace stays damaged: later calls report the same place
            failure = e;
            done = true;
            throw e;
        }
    }

    /** The next frame, or null at the end (setting {@link #done}). */
    private Frame advance() throws IOException {
        while (true) {
            if (block != null && block.hasRemaining()) {
                switch (readEntry()) {
                    case Entry.Item(Frame frame) -> {
                        return frame;
                    }
                    case Entry.End(long count) -> {
                        checkEnd(count);
                        return null;
                    }
                }
            }
            switch (blocks.next()) {
                case BlockReader.Block b -> {
                    int from = Math.min(skip, b.payload().length);
                    block = new Decoder(b.payload(), from, b.payload().length - from);
                    blockOffset = b.offset();
                    skip = 0;
                }
                case BlockReader.EndOfFile eof -> {
                    done = true;
                    return null;
                }
                case BlockReader.Truncated cut -> {
                    done = true;
                    return null;
                }
            }
        }
    }

    private Entry readEntry() throws TraceFormatException {
        int at = block.position();
        Entry entry;
        try {
            entry = FrameCodec.read(block);
        } catch (MalformedDataException | RuntimeException e) {
            // RuntimeException: an API constructor rejecting decoded values
            throw Corruption.at(blocks.file(), blockOffset, "bad frame at byte " + at + " of the block: "
                    + e.getMessage(), e);
        }
        if (entry instanceof Entry.Item(Frame frame)) {
            if (frame.number() != nextNumber) {
                throw Corruption.at(blocks.file(), blockOffset, "frame number " + frame.number() + " where "
                        + nextNumber + " was expected");
            }
            nextNumber++;
        }
        return entry;
    }

    /** The end marker must count every frame and be the last thing in the file. */
    private void checkEnd(long count) throws IOException {
        if (count != nextNumber - 1) {
            throw Corruption.at(blocks.file(), blockOffset, "end marker counts " + count + " frames, read "
                    + (nextNumber - 1));
        }
        if (block.hasRemaining()) {
            throw Corruption.at(blocks.file(), blockOffset, "data after the end marker in the block");
        }
        if (!(blocks.next() instanceof BlockReader.EndOfFile)) {
            throw Corruption.at(blocks.file(), blockOffset, "data after the block with the end marker");
        }
        done = true;
        complete = true;
    }

    @Override
    public Bookmark bookmark() {
        if (block != null && block.hasRemaining()) {
            return new Bookmark(nextNumber, blockOffset, block.position());
        }
        return new Bookmark(nextNumber, blocks.position(), 0);
    }

    @Override
    public void seek(Bookmark at) {
        blocks.seek(at.block());
        skip = at.offset();
        block = null;
        nextNumber = at.frame();
        done = false;
        complete = false;
        failure = null;
    }

    @Override
    public boolean complete() {
        return complete;
    }

    @Override
    public Path file(String name) throws IOException {
        if (name == null || !FileStore.validName(name)) {
            throw new TraceFormatException("bad stored file name '" + name + "' in trace " + layout.dir());
        }
        Path path = layout.files().resolve(name);
        if (!Files.isRegularFile(path)) {
            throw new TraceFormatException("corrupt trace: " + path + " is missing");
        }
        if (verified.add(name)) {
            try {
                FileStore.verify(path);
            } catch (NumberFormatException e) {
                throw new TraceFormatException("damaged trace: " + path.resolveSibling(FileStore.MANIFEST)
                        + " is not a manifest");
            }
        }
        return path;
    }

    @Override
    public void close() throws IOException {
        blocks.close();
    }
}
