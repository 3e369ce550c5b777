package org.jrr.kernel.sched;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/** The digest of a shared file's contents the recording stores and replay compares: CRC-32C of the whole file. */
public final class SharedDigest {
    /** Larger files are not digested (-1): a CRC of gigabytes at every change would cost more than it tells. */
    static final long LIMIT = 64L << 20;

    private SharedDigest() {
    }

    /** The digest of the first {@code size} bytes of {@code ch}, or -1 beyond {@link #LIMIT}. */
    public static long of(FileChannel ch, long size) throws IOException {
        if (size > LIMIT) {
            return -1;
        }
        CRC32C crc = new CRC32C();
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        long at = 0;
        while (at < size) {
            b.clear();
            b.limit((int) Math.min(b.capacity(), size - at));
            int r = ch.read(b, at);
            if (r <= 0) {
                break;
            }
            b.flip();
            crc.update(b);
            at += r;
        }
        return crc.getValue();
    }
}
