package org.jrr.kernel.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jrr.kernel.sched.SharedDigest;
import org.jrr.linux.Linux;

/**
 * jrr's copy of a file the recording maps shared and only reads through its mappings (rr's shadow mapping, for
 * memory a process outside the recording may write: dconf's settings file, nscd's caches). The recorded tasks map
 * this copy instead of the file, so a change made from outside reaches them only where jrr makes it in the copy: at
 * points it records ({@link #sync}), which replay's emulated copy of the file takes at the same points.
 */
final class Shadow implements AutoCloseable {
    /** Larger files are mapped as they are: comparing them at every stop would cost more than the recording. */
    static final long LIMIT = 4L << 20;
    /** A file that grows past this while shadowed stops the recording (jrr keeps two copies of it in memory). */
    static final long GROWTH_LIMIT = 1L << 30;
    private static final int PAGE = 4096;

    /** Bytes that changed, as the file has them now. */
    record Change(long offset, byte[] data) {
    }

    /** What {@link #sync} found: the runs of pages that changed, and the file's size if that changed (else -1). */
    record Sync(List<Change> changes, long size) {
        boolean empty() {
            return changes.isEmpty() && size < 0;
        }
    }

    private final Linux linux;
    private final int fd;
    private final Path path;
    private final FileChannel copy;
    /** What the copy holds (its first {@link #size} bytes). */
    private byte[] seen;
    private int size;
    /** The file's contents at the last sync; kept to save an allocation per sync. */
    private byte[] now = new byte[0];
    /** The CRCs of the copy's pages, kept as it changes: a digest at every write costs what it changed. */
    private final SharedDigest.Pages pages = new SharedDigest.Pages();

    /** A copy of {@code file} as it is now. */
    Shadow(Linux linux, FileChannel file) throws IOException {
        this.linux = linux;
        this.fd = linux.memfdCreate("jrr-shadow");
        this.path = Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd", Integer.toString(fd));
        FileChannel c;
        try {
            c = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            linux.close(fd);
            throw e;
        }
        this.copy = c;
        int n = read(file);
        seen = Arrays.copyOf(now, Math.max(n, 1));
        size = n;
        write(0, seen, n);
        pages.resize(n);
        pages.update(seen, 0, n);
    }

    /** The path the tracees open the copy by. */
    Path path() {
        return path;
    }

    long size() {
        return size;
    }

    /** The digest of what the copy holds, which the recorded tasks see. */
    long digest() {
        return pages.digest();
    }

    /** A recorded task wrote {@code data} at {@code offset} of the file, which now has {@code fileSize} bytes. */
    void put(long offset, byte[] data, long fileSize) throws IOException {
        resize(fileSize);
        int from = (int) Math.min(offset, size);
        int n = (int) Math.min(data.length, size - from);
        System.arraycopy(data, 0, seen, from, n);
        write(from, data, n);
        pages.update(seen, from, from + n);
    }

    /**
     * Makes the file's changes since the copy was last like it in the copy, and returns them: whole runs of pages
     * that differ, and the new size.
     */
    Sync sync(FileChannel file) throws IOException {
        int n = read(file);
        List<Change> changes = new ArrayList<>();
        int runStart = -1;
        for (int at = 0; at < n; at += PAGE) {
            int end = Math.min(n, at + PAGE);
            boolean differs = end > size || Arrays.mismatch(now, at, end, seen, at, end) >= 0;
            if (differs && runStart < 0) {
                runStart = at;
            } else if (!differs && runStart >= 0) {
                changes.add(new Change(runStart, Arrays.copyOfRange(now, runStart, at)));
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            changes.add(new Change(runStart, Arrays.copyOfRange(now, runStart, n)));
        }
        long newSize = n == size ? -1 : n;
        if (newSize >= 0) {
            resize(n);
        }
        for (Change c : changes) {
            System.arraycopy(c.data(), 0, seen, (int) c.offset(), c.data().length);
            write(c.offset(), c.data(), c.data().length);
            pages.update(seen, c.offset(), c.offset() + c.data().length);
        }
        return new Sync(changes, newSize);
    }

    /** Reads the file into {@link #now}; returns its size. */
    private int read(FileChannel file) throws IOException {
        int n = checked(file.size());
        if (now.length < n) {
            now = new byte[n];
        }
        ByteBuffer b = ByteBuffer.wrap(now, 0, n);
        while (b.hasRemaining()) {
            if (file.read(b, b.position()) <= 0) {
                break; // shorter now: what was read is the file
            }
        }
        return b.position();
    }

    private void resize(long fileSize) throws IOException {
        int n = checked(fileSize);
        if (n > seen.length) {
            seen = Arrays.copyOf(seen, Math.max(n, 2 * seen.length));
        }
        if (n < size) {
            Arrays.fill(seen, n, size, (byte) 0);
            copy.truncate(n);
        }
        int old = size;
        size = n;
        if (copy.size() < n) {
            write(n - 1, new byte[] {seen[n - 1]}, 1);
        }
        pages.resize(n);
        pages.update(seen, Math.min(old, n), n); // the page at the old end, and new ones
    }

    private static int checked(long size) throws IOException {
        if (size > GROWTH_LIMIT) {
            throw new IOException("a file mapped shared and read-only grew to " + size + " bytes, past what jrr keeps"
                    + " a copy of (" + GROWTH_LIMIT + ")");
        }
        return (int) size;
    }

    private void write(long offset, byte[] data, int n) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data, 0, n);
        while (b.hasRemaining()) {
            copy.write(b, offset + b.position());
        }
    }

    @Override
    public void close() {
        try {
            copy.close();
        } catch (IOException ignored) {
            // a memory file
        }
        linux.close(fd);
    }
}
