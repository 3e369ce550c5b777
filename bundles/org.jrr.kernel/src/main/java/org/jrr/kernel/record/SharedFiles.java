package org.jrr.kernel.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.trace.FileEvent;
import org.jrr.api.trace.FileId;
import org.jrr.kernel.sched.SharedDigest;

/**
 * The files the recording mapped shared, whichever process mapped them (rr's emulated file system, recording side).
 * Replay keeps one emulated copy of each, made from the trace's copy at its first mapping, which every shared
 * mapping of it shows; so from that mapping on, every write to the file by any task of the recording, through any
 * descriptor, records the bytes it changed in the file ({@link FileEvent}), and replay makes them in the copy.
 */
final class SharedFiles implements AutoCloseable {
    /** How often a file digested page by page is read whole again. */
    private static final long FULL_DIGEST_NS = 1_000_000_000L;
    /** A known file: its id in the trace, the trace's copy of it at its first mapping, jrr's own descriptor. */
    static final class Known {
        final FileId id;
        final String snapshot;
        final FileChannel channel;
        /** The copy the recorded tasks map instead of the file, or null: they map the file itself. */
        Shadow shadow;
        /** A recorded task maps it writable (the file itself: its stores must reach the file). */
        boolean writableMapped;
        /** A recorded task wrote it, through a descriptor or a writable mapping. */
        boolean writtenInside;
        /** A change that no recorded task made was seen, or a process outside the recording holds it. */
        boolean outsideSeen;
        /** Warned: written on both sides. Its events are marked, and it is checked at every stop. */
        boolean outside;
        /** Processes outside the recording were looked for (at its first recorded write or writable mapping). */
        boolean looked;
        /** Shared anonymous memory: no process outside the recording can have it. */
        boolean anonymous;
        /** A process outside the recording found holding it, or 0. */
        int outsider;

        Known(FileId id, String snapshot, FileChannel channel) {
            this.id = id;
            this.snapshot = snapshot;
            this.channel = channel;
        }

        /** The file's page CRCs, kept as recorded writes change it (a file no task maps writable, with no shadow). */
        private final SharedDigest.Pages pages = new SharedDigest.Pages();
        private boolean paged;
        private long pagesSize;
        private long nextFull;

        /**
         * The digest of what the recorded tasks see of the file now: the shadow's, unless a task maps the file itself
         * writable (then the file's, read whole: the shadow takes its stores at the next stop, as a change replay has
         * made already). A file without either is digested page by page as recorded writes change it, and read whole
         * again every second, so that a change from outside shows as a difference from replay's copy.
         */
        long digest() throws IOException {
            if (shadow != null && !writableMapped) {
                return shadow.digest();
            }
            long size = channel.size();
            if (writableMapped || !paged || System.nanoTime() >= nextFull) {
                pages.resize(size);
                pages.read(channel, 0, size);
                pagesSize = size;
                paged = !writableMapped;
                nextFull = System.nanoTime() + FULL_DIGEST_NS;
            }
            return pages.digest();
        }

        /** A recorded write changed {@code [from, to)}; the file has {@code size} bytes now. */
        void changed(long from, long to, long size) throws IOException {
            if (paged) {
                long old = pagesSize;
                pages.resize(size);
                pages.read(channel, Math.min(old, size), size); // the page at the old end, and new ones
                pages.read(channel, from, to);
                pagesSize = size;
            }
        }

        FileEvent marked(FileEvent e) {
            return outside ? e.markedOutside() : e;
        }
    }

    private final Map<SharedFileMaps.FileKey, Known> files = new HashMap<>();

    /** A known file, or null. */
    Known get(SharedFileMaps.FileKey key) {
        return key == null ? null : files.get(key);
    }

    Collection<Known> all() {
        return files.values();
    }

    /** From the first shared mapping of {@code key} on, it is known; {@code channel} is jrr's to close. */
    Known add(SharedFileMaps.FileKey key, String path, String snapshot, FileChannel channel) {
        Known k = new Known(new FileId(key.dev(), key.ino(), path), snapshot, channel);
        files.put(key, k);
        return k;
    }

    /**
     * What the successful write-like syscall {@code name} of task {@code t} changed in the known file: the file range
     * it wrote as it is now (from its offset, or the descriptor's position after it), its size, its digest.
     */
    FileEvent written(Known k, RecordTask t, String name, SyscallCall call) throws IOException {
        long n = call.result();
        long from = 0, to = Long.MAX_VALUE;
        long end = switch (name) { // where the write ended, or -1
            case "pwrite64", "pwritev", "pwritev2" -> call.arg(3) >= 0 ? call.arg(3) + n
                    : SharedFileMaps.position(t.tid(), call.arg(0));
            case "write", "writev", "sendfile" -> SharedFileMaps.position(t.tid(), call.arg(0));
            // the offset they were given is moved past what they wrote; without one, the descriptor's position is
            case "copy_file_range", "splice" -> call.arg(3) != 0 ? SharedFileMaps.offsetAt(t, call.arg(3))
                    : SharedFileMaps.position(t.tid(), call.arg(2));
            case "fallocate" -> call.arg(2) + call.arg(3);
            default -> -1;
        };
        if (name.equals("ftruncate")) {
            from = to = call.arg(1); // only the size changed
        } else if (name.equals("fallocate")) {
            from = call.arg(2);
            to = end;
        } else if (end >= 0) {
            from = end - n;
            to = end;
        }
        return range(k, from, to);
    }

    /** The bytes {@code [from, to)} of a known file as they are now (clipped to its size), which a task wrote. */
    FileEvent range(Known k, long from, long to) throws IOException {
        long size = k.channel.size();
        from = Math.max(0, Math.min(from, size));
        to = Math.max(from, Math.min(to, size));
        if (to - from > Integer.MAX_VALUE - 64) {
            throw new IOException(k.id.path() + ", mapped shared, changed by " + (to - from) + " bytes at once:"
                    + " more than jrr records of one change");
        }
        ByteBuffer data = ByteBuffer.allocate((int) (to - from));
        while (data.hasRemaining() && k.channel.read(data, from + data.position()) > 0) {
            // until the range is read
        }
        if (k.shadow != null) {
            k.shadow.put(from, data.array(), size); // the tasks that map the copy see it from here, as in replay
        }
        k.changed(from, to, size);
        k.writtenInside = true;
        return k.marked(new FileEvent(k.id, from, data.array(), size, k.digest()));
    }

    /** A check of a known file's contents. */
    FileEvent check(Known k) throws IOException {
        return k.marked(FileEvent.check(k.id, k.digest()));
    }

    @Override
    public void close() {
        for (Known k : files.values()) {
            try {
                k.channel.close();
            } catch (IOException ignored) {
                // jrr's own read-only descriptor
            }
            if (k.shadow != null) {
                k.shadow.close();
            }
        }
        files.clear();
    }
}
