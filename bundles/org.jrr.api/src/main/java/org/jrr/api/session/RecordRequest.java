package org.jrr.api.session;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What to record.
 *
 * @param argv     program and arguments; the program is looked up in PATH when it has no slash
 * @param traceDir where to put the trace: null for the default ({@code JRR_TRACE_DIR} or
 *                 {@code ~/.local/share/jrr/<exe>-<n>})
 * @param hpc      the tick provider by name, or null for the default
 * @param diagnostics where jrr's own warnings go (stderr)
 */
public record RecordRequest(List<String> argv, Path traceDir, String hpc, PrintStream diagnostics) {
    public RecordRequest {
        argv = List.copyOf(argv);
    }
}
