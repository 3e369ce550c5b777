package org.jrr.api.debug;

/** A moment of the replay saved to come back to: its number and the trace event it is at. */
public record Checkpoint(int number, long event) {
}
