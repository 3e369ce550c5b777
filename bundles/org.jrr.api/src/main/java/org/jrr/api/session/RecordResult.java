package org.jrr.api.session;

import java.nio.file.Path;

/**
 * @param trace       the trace directory written
 * @param exitStatus  the tracee's status as a shell reports it (128+N for signal N)
 * @param interrupted true when recording was stopped early (Ctrl-C, SIGTERM)
 */
public record RecordResult(Path trace, int exitStatus, boolean interrupted) {
}
