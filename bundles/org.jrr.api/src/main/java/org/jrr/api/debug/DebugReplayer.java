package org.jrr.api.debug;

/** Starts replays under a debugger. Provided by the kernel. */
public interface DebugReplayer {
    /** Starts the replay and stops it at the requested point; errors are {@code JrrException}s. */
    ReplayControl start(DebugRequest request);
}
