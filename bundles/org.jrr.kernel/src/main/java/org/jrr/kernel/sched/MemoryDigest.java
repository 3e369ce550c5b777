package org.jrr.kernel.sched;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jrr.kernel.exec.MapsEntry;
import org.jrr.kernel.task.ReservedPages;
import org.jrr.kernel.task.Task;

/**
 * A 64-bit digest of the memory a task can write, which with its registers names a point in its execution when
 * there is no tick counter: registers alone repeat far too often (a loop over memory revisits the same register
 * values with different data).
 */
public final class MemoryDigest {
    private static final int CHUNK = 1 << 20;
    private static final long K1 = 0x9E3779B97F4A7C15L, K2 = 0xC2B2AE3D27D4EB4FL;

    private MemoryDigest() {
    }

    /** A digest and the ranges it covers, as start and end address pairs. */
    public record Digest(long value, long[] ranges) {
    }

    /**
     * Digests every writable mapping of the task's address space but {@code exclude} (start and end pairs: jrr's
     * own scratch memory, which replay does not have).
     */
    public static Digest capture(Task task, long[] exclude) {
        List<Long> ranges = new ArrayList<>();
        try {
            for (MapsEntry m : MapsEntry.read(task.tid())) {
                if ((m.prot() & MapsEntry.PROT_WRITE) != 0) {
                    add(ranges, m.start(), m.end(), exclude, 0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mappings of task " + task.tid(), e);
        }
        long[] r = ranges.stream().mapToLong(Long::longValue).toArray();
        return new Digest(of(task, r), r);
    }

    /** Adds [start, end) less the excluded ranges from index {@code i} on, and less the reserved pages. */
    private static void add(List<Long> out, long start, long end, long[] exclude, int i) {
        if (start >= end) {
            return;
        }
        if (i >= exclude.length) {
            if (ReservedPages.overlaps(start, end)) {
                return;
            }
            out.add(start);
            out.add(end);
            return;
        }
        long xs = exclude[i], xe = exclude[i + 1];
        if (xe <= start || xs >= end) {
            add(out, start, end, exclude, i + 2);
        } else {
            add(out, start, Math.max(start, xs), exclude, i + 2);
            add(out, Math.min(end, xe), end, exclude, i + 2);
        }
    }

    /** Digests the given ranges of the task's memory. */
    public static long of(Task task, long[] ranges) {
        long h = K2;
        byte[] buf = new byte[CHUNK];
        try {
            for (int i = 0; i + 1 < ranges.length; i += 2) {
                for (long at = ranges[i]; at < ranges[i + 1]; at += CHUNK) {
                    int want = (int) Math.min(CHUNK, ranges[i + 1] - at);
                    byte[] data = want == CHUNK ? buf : new byte[want];
                    int n = Math.max(0, task.memory().readPartial(at, data));
                    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
                    h = mix(h, at ^ ((long) n << 40));
                    int words = n / 8;
                    for (int w = 0; w < words; w++) {
                        h = mix(h, b.getLong(w * 8));
                    }
                    for (int k = words * 8; k < n; k++) {
                        h = mix(h, data[k]);
                    }
                    if (n < want) {
                        break; // the rest cannot be read (a file mapping past the file's end): n says so
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory of task " + task.tid(), e);
        }
        return h;
    }

    private static long mix(long h, long v) {
        return Long.rotateLeft(h ^ (v * K1), 29) * K2;
    }
}
