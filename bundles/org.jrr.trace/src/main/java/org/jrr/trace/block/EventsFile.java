package org.jrr.trace.block;

import java.nio.ByteBuffer;

/** The 8 bytes at the start of the events file: magic "JRRE" and the format version. */
final class EventsFile {
    static final int MAGIC = 0x4A525245;
    static final int HEADER_SIZE = 8;

    private EventsFile() {
    }

    static byte[] header(int version) {
        return ByteBuffer.allocate(HEADER_SIZE).putInt(MAGIC).putInt(version).array();
    }
}
