package org.jrr.trace.block;

import java.nio.ByteBuffer;

/**
 * The 16 bytes at the start of the events file: magic "JRRE", the format version, and the trace's id, which its
 * header holds too: an events file put with another trace's header is refused, not replayed.
 */
final class EventsFile {
    static final int MAGIC = 0x4A525245;
    static final int HEADER_SIZE = 16;

    private EventsFile() {
    }

    static byte[] header(int version, long traceId) {
        return ByteBuffer.allocate(HEADER_SIZE).putInt(MAGIC).putInt(version).putLong(traceId).array();
    }
}
