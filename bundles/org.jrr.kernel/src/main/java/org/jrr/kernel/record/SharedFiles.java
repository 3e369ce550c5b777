package org.jrr.kernel.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
final class SharedFiles {
    /** A known file: its id in the trace, the trace's copy of it at its first mapping, and jrr's own descriptor. */
    private record Known(FileId id, String snapshot, FileChannel channel) {
    }

    private final Map<SharedFileMaps.FileKey, Known> files = new HashMap<>();

    /** The id of a known file, or null. */
    FileId id(SharedFileMaps.FileKey key) {
        Known k = files.get(key);
        return k == null ? null : k.id();
    }

    /** The trace's copy of a known file, or null. */
    String snapshot(SharedFileMaps.FileKey key) {
        Known k = files.get(key);
        return k == null ? null : k.snapshot();
    }

    /** At the first shared mapping of {@code key}, descriptor {@code fd} of task {@code tid}: it is known from here. */
    FileId add(SharedFileMaps.FileKey key, String path, String snapshot, int tid, long fd) throws IOException {
        FileChannel ch = FileChannel.open(Path.of("/proc", Integer.toString(tid), "fd", Long.toString((int) fd)),
                StandardOpenOption.READ);
        Known k = new Known(new FileId(key.dev(), key.ino(), path), snapshot, ch);
        files.put(key, k);
        return k.id();
    }

    /**
     * What the successful write-like syscall {@code name} of task {@code tid} changed in the known file {@code key}:
     * the file range it wrote as it is now (all of the file where the range is not known), its size, its digest.
     */
    FileEvent changed(SharedFileMaps.FileKey key, int tid, String name, SyscallCall call) throws IOException {
        Known k = files.get(key);
        long size = k.channel().size();
        long from = 0, to = size;
        long n = call.result();
        switch (name) {
            case "pwrite64", "pwritev", "pwritev2" -> {
                long off = call.arg(3);
                long pos = off >= 0 ? off + n : SharedFileMaps.position(tid, call.arg(0));
                if (pos >= 0) {
                    from = pos - n;
                    to = pos;
                }
            }
            case "write", "writev" -> {
                long pos = SharedFileMaps.position(tid, call.arg(0));
                if (pos >= 0) {
                    from = pos - n;
                    to = pos;
                }
            }
            case "ftruncate" -> from = to = Math.min(size, call.arg(1)); // only the size changed
            default -> { } // fallocate, copy_file_range, sendfile, splice: the whole file
        }
        from = Math.max(0, Math.min(from, size));
        to = Math.max(from, Math.min(to, size));
        if (to - from > Integer.MAX_VALUE - 64) {
            throw new IOException(k.id().path() + ", mapped shared, changed by " + (to - from) + " bytes in one "
                    + name + ": more than jrr records of one change");
        }
        ByteBuffer data = ByteBuffer.allocate((int) (to - from));
        while (data.hasRemaining() && k.channel().read(data, from + data.position()) > 0) {
            // until the range is read
        }
        return new FileEvent(k.id(), from, data.array(), size, SharedDigest.of(k.channel(), size));
    }

    /** A check of the known file {@code key}'s contents. */
    FileEvent check(SharedFileMaps.FileKey key) throws IOException {
        Known k = files.get(key);
        return FileEvent.check(k.id(), SharedDigest.of(k.channel(), k.channel().size()));
    }

    void close() {
        for (Known k : files.values()) {
            try {
                k.channel().close();
            } catch (IOException ignored) {
                // jrr's own read-only descriptor
            }
        }
        files.clear();
    }
}
