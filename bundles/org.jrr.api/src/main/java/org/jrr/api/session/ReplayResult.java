package org.jrr.api.session;

/**
 * @param exitStatus the recorded tracee's status as a shell reports it
 * @param events     frames replayed
 * @param complete   false when the trace was cut short and replay stopped at its last complete event
 */
public record ReplayResult(int exitStatus, long events, boolean complete) {
}
