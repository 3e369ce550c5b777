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
 * @param syscallBuffer whether to buffer syscalls in the tracee (when a syscall buffer is installed); false
 *                 traces every syscall ({@code jrr record -n})
 * @param waitForAll whether the recording waits for every process the program made ({@code jrr record -w});
 *                 by default it ends with the program's first process, and the processes left (daemons) are killed
 */
public record RecordRequest(List<String> argv, Path traceDir, String hpc, PrintStream diagnostics,
                            boolean syscallBuffer, boolean waitForAll) {
    public RecordRequest {
        argv = List.copyOf(argv);
    }

    /** Ending with the first process. */
    public RecordRequest(List<String> argv, Path traceDir, String hpc, PrintStream diagnostics,
            boolean syscallBuffer) {
        this(argv, traceDir, hpc, diagnostics, syscallBuffer, false);
    }

    /** With the syscall buffer. */
    public RecordRequest(List<String> argv, Path traceDir, String hpc, PrintStream diagnostics) {
        this(argv, traceDir, hpc, diagnostics, true);
    }
}
