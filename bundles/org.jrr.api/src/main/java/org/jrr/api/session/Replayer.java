package org.jrr.api.session;

/** Replays a trace to its end (autopilot). Provided by the kernel. */
public interface Replayer {
    /** Errors, including a divergence, are {@code JrrException}s. */
    ReplayResult replay(ReplayRequest request);
}
