package org.jrr.trace.codec;

import org.jrr.api.trace.Frame;

/** One record of a block payload: a frame, or the end marker that {@code finish()} writes. */
public sealed interface Entry {
    record Item(Frame frame) implements Entry {
    }

    /** The trace was finished; {@code frameCount} frames came before. */
    record End(long frameCount) implements Entry {
    }
}
