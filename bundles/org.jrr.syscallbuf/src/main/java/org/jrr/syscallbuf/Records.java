package org.jrr.syscallbuf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jrr.api.syscallbuf.BufferedCall;

/** Decodes the records of a buffer (native/src/preload/syscallbuf.h, struct jrr_sb_record). */
final class Records {
    private Records() {
    }

    /**
     * The records in {@code bytes} (whole records, from the first): size (u32), number (u16), flags (u16), result
     * (i64), six arguments (u64), then data. A size that does not fit is a damaged buffer.
     */
    static List<BufferedCall> decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<BufferedCall> calls = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            if (bytes.length - at < Protocol.RECORD_HEADER_SIZE) {
                throw new IllegalStateException("syscall buffer record at " + at + " is cut short");
            }
            int size = b.getInt(at);
            if (size < Protocol.RECORD_HEADER_SIZE || size % 8 != 0 || size > bytes.length - at) {
                throw new IllegalStateException("syscall buffer record at " + at + " has a bad size " + size);
            }
            int nr = Short.toUnsignedInt(b.getShort(at + 4));
            long result = b.getLong(at + 8);
            long[] args = new long[6];
            for (int i = 0; i < 6; i++) {
                args[i] = b.getLong(at + 16 + 8 * i);
            }
            calls.add(new BufferedCall(nr, args, result));
            at += size;
        }
        return calls;
    }
}
