package org.jrr.api.debug;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A replay to debug.
 *
 * @param trace       the trace directory
 * @param stdout      where the program's writes to stdout are re-emitted as it replays
 * @param stderr      likewise for stderr
 * @param diagnostics where jrr's own messages go
 * @param pid         the recorded process to debug; 0 for the first one (the root)
 * @param goTo        the event to run to before the first stop; 0 for the start of the process
 */
public record DebugRequest(Path trace, OutputStream stdout, OutputStream stderr, PrintStream diagnostics, int pid,
        long goTo) {
}
