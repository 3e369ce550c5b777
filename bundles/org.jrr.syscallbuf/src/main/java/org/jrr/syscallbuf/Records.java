package org.jrr.syscallbuf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jrr.api.syscallbuf.BufferedCall;

/**
 * The records of a buffer (native/src/preload/syscallbuf.h, struct jrr_sb_record): size (u32), number (u16), flags
 * (u16), result (i64), six arguments (u64), then what the kernel wrote, packed.
 */
final class Records {
    private Records() {
    }

    /** Checks that {@code bytes} are whole records, from the first; a size that does not fit is a damaged buffer. */
    static void check(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (at < bytes.length) {
            at += size(b, at);
        }
    }

    static List<BufferedCall> decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<BufferedCall> calls = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int size = size(b, at);
            int nr = Short.toUnsignedInt(b.getShort(at + Protocol.REC_NR));
            long result = b.getLong(at + Protocol.REC_RESULT);
            long[] args = new long[6];
            for (int i = 0; i < 6; i++) {
                args[i] = b.getLong(at + Protocol.REC_ARGS + 8 * i);
            }
            calls.add(new BufferedCall(nr, args, result, size, size - Protocol.RECORD_HEADER_SIZE));
            at += size;
        }
        return calls;
    }

    private static int size(ByteBuffer b, int at) {
        int length = b.capacity();
        if (length - at < Protocol.RECORD_HEADER_SIZE) {
            throw new IllegalStateException("syscall buffer record at " + at + " is cut short");
        }
        int size = b.getInt(at + Protocol.REC_SIZE);
        if (size < Protocol.RECORD_HEADER_SIZE || size % 8 != 0 || size > length - at) {
            throw new IllegalStateException("syscall buffer record at " + at + " has a bad size " + size);
        }
        return size;
    }
}
