package org.jrr.kernel.sched;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The digest of a shared file's contents the recording stores and replay compares: a CRC-32C of each 4 KiB page,
 * and a CRC-32C of those and of the size. A copy whose pages change only where jrr changes them keeps its page
 * CRCs ({@link Pages}) and recomputes just those pages, so a digest at every write costs what the write changed,
 * not the file's size.
 */
public final class SharedDigest {
    /** Larger files are not digested (-1): a digest of gigabytes at every change would cost more than it tells. */
    public static final long LIMIT = 64L << 20;
    static final int PAGE = 4096;

    private SharedDigest() {
    }

    /** The digest of the first {@code size} bytes of {@code data} (a copy jrr keeps of a file). */
    public static long of(byte[] data, int size) {
        Pages p = new Pages();
        p.resize(size);
        p.update(data, 0, size);
        return p.digest();
    }

    /** The digest of the first {@code size} bytes of {@code ch}, or -1 beyond {@link #LIMIT}. */
    public static long of(FileChannel ch, long size) throws IOException {
        if (size > LIMIT) {
            return -1;
        }
        Pages p = new Pages();
        p.resize(size);
        p.read(ch, 0, size);
        return p.digest();
    }

    /** The page CRCs of a file's contents, kept up to date by whoever changes them. */
    public static final class Pages {
        private int[] crcs = new int[0];
        private long size;

        /** The file now has {@code newSize} bytes: pages past its end go; the caller updates the ones that changed. */
        public void resize(long newSize) {
            int pages = (int) ((Math.min(newSize, LIMIT) + PAGE - 1) / PAGE);
            if (pages != crcs.length) {
                crcs = Arrays.copyOf(crcs, pages);
            }
            size = newSize;
        }

        /**
         * Bytes {@code [from, to)} of the file changed; {@code data} holds the file from offset 0 (a whole copy):
         * the pages they touch are computed again.
         */
        public void update(byte[] data, long from, long to) {
            for (int p = first(from); p < last(to); p++) {
                long start = (long) p * PAGE;
                CRC32C crc = new CRC32C();
                crc.update(data, (int) start, (int) (Math.min(size, start + PAGE) - start));
                crcs[p] = (int) crc.getValue();
            }
        }

        /** Bytes {@code [from, to)} of the file changed: the pages they touch are read from {@code ch} again. */
        public void read(FileChannel ch, long from, long to) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(PAGE);
            for (int p = first(from); p < last(to); p++) {
                long start = (long) p * PAGE;
                b.clear();
                b.limit((int) (Math.min(size, start + PAGE) - start));
                while (b.hasRemaining() && ch.read(b, start + b.position()) > 0) {
                    // the page, or what is left of the file
                }
                b.flip();
                CRC32C crc = new CRC32C();
                crc.update(b);
                crcs[p] = (int) crc.getValue();
            }
        }

        private int first(long from) {
            return (int) Math.max(0, Math.min(from, size) / PAGE);
        }

        private int last(long to) {
            return (int) Math.min(crcs.length, (Math.min(to, size) + PAGE - 1) / PAGE);
        }

        /** The digest of the contents, or -1 beyond {@link #LIMIT}. */
        public long digest() {
            if (size > LIMIT) {
                return -1;
            }
            ByteBuffer b = ByteBuffer.allocate(8 + 4 * crcs.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(size);
            for (int c : crcs) {
                b.putInt(c);
            }
            CRC32C crc = new CRC32C();
            crc.update(b.array());
            return crc.getValue();
        }
    }
}
