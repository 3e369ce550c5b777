package org.jrr.api.session;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What to replay.
 *
 * @param trace       the trace directory
 * @param stdout      where the tracee's writes to stdout are re-emitted
 * @param stderr      where the tracee's writes to stderr are re-emitted
 * @param diagnostics where jrr's own messages go
 */
public record ReplayRequest(Path trace, OutputStream stdout, OutputStream stderr, PrintStream diagnostics) {
}
