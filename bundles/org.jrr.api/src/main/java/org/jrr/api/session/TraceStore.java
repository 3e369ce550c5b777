package org.jrr.api.session;

import java.nio.file.Path;
import java.util.List;
import org.jrr.api.trace.TraceReader;

/** Where traces live, and how one is opened whatever codec wrote it. Provided by the kernel. */
public interface TraceStore {
    /** The directory traces go to by default ({@code JRR_TRACE_DIR} or {@code ~/.local/share/jrr}). */
    Path root();

    /** A trace by path or by name in the root; null means the latest trace. */
    Path resolve(String nameOrPath);

    List<TraceInfo> list();

    /** Opens a trace with the codec its version file names. */
    TraceReader open(Path trace);
}
