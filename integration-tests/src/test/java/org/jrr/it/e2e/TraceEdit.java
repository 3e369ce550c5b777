package org.jrr.it.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.jrr.api.trace.Event;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.TraceHeader;
import org.jrr.api.trace.TraceReader;
import org.jrr.api.trace.TraceWriter;
import org.jrr.trace.BinaryTraceCodec;

/** Copies a trace with one event changed, as a bug in jrr or an edit by hand would leave it. */
final class TraceEdit {
    /** What an event becomes, by its number; null to keep it. */
    interface Change {
        Event apply(long number, Event event);
    }

    private TraceEdit() {
    }

    /** Copies {@code from} to {@code to}, changing the first event {@code change} changes; returns its number. */
    static long copy(Path from, Path to, Change change) throws IOException {
        return copy(from, to, h -> h, change);
    }

    /** The same, with the header {@code header} makes of the original's. */
    static long copy(Path from, Path to, java.util.function.UnaryOperator<TraceHeader> header, Change change)
            throws IOException {
        BinaryTraceCodec codec = new BinaryTraceCodec();
        Files.createDirectories(to);
        long changed = -1;
        try (TraceReader in = codec.open(from); TraceWriter out = codec.create(to, header.apply(in.header()))) {
            for (Optional<Frame> f = in.next(); f.isPresent(); f = in.next()) {
                Frame frame = f.get();
                Event e = changed < 0 ? change.apply(frame.number(), frame.event()) : null;
                if (e != null) {
                    changed = frame.number();
                    frame = new Frame(frame.number(), frame.tid(), e);
                }
                out.append(frame);
            }
            out.finish();
        }
        Files.copy(from.resolve("version"), to.resolve("version")); // the store's, naming the codec
        Path files = from.resolve("files");
        if (Files.isDirectory(files)) {
            Files.createDirectories(to.resolve("files"));
            try (Stream<Path> list = Files.list(files)) {
                for (Path p : (Iterable<Path>) list::iterator) {
                    Files.copy(p, to.resolve("files").resolve(p.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (changed < 0) {
            throw new IllegalStateException("no event of " + from + " was changed");
        }
        return changed;
    }
}
