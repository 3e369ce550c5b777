package org.jrr.kernel.replay;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jrr.api.trace.FileEvent;
import org.jrr.api.trace.FileId;
import org.jrr.kernel.sched.SharedDigest;
import org.jrr.linux.Linux;

/**
 * Replay's emulated copies of the files the recording mapped shared (rr's EmuFs): one memory file of jrr's per
 * recorded file, filled from the trace's copy at its first mapping; every shared mapping of that file, in any
 * replayed process, maps it, so they share it as the recording's mappings shared the file, and each recorded change
 * to the file is made in it. Never the live file: a file changed since the recording does not change the replay.
 * Lives as long as the replay or debugging session; tracer thread only.
 */
final class EmuFs implements AutoCloseable {
    /** A copy; {@code stale}: the replay went back to before its first mapping, which fills it again. */
    private static final class Copy {
        final int fd;
        final RandomAccessFile file;
        boolean stale;
        /** A task may have mapped it writable: its stores may be anywhere, so every digest reads it all. */
        boolean writable;
        /** Its pages' CRCs are up to date (else computed at the next digest). */
        boolean digested;
        final SharedDigest.Pages pages = new SharedDigest.Pages();

        Copy(int fd, RandomAccessFile file) {
            this.fd = fd;
            this.file = file;
        }

        int fd() {
            return fd;
        }

        RandomAccessFile file() {
            return file;
        }
    }

    private final Linux linux;
    private final Map<Long, Map<Long, Copy>> copies = new HashMap<>();
    /** The files the recording warned are written from outside it too, by path. */
    private final java.util.Set<String> outside = new java.util.TreeSet<>();
    private final long pid = ProcessHandle.current().pid();

    EmuFs(Linux linux) {
        this.linux = linux;
    }

    /**
     * The path a tracee opens {@code id}'s copy by; at its first mapping the copy is made from {@code snapshot}
     * (the trace's copy of the file then), or, with none (shared anonymous memory), as {@code size} zeros. {@code
     * writable}: the tracee maps it so (else it opens the copy read-only, so that it can never write it).
     */
    Path path(FileId id, Path snapshot, long size, boolean writable) throws IOException {
        Copy c = copies.computeIfAbsent(id.dev(), d -> new HashMap<>()).get(id.ino());
        if (c == null) {
            int fd = linux.memfdCreate("jrr-emufs");
            Path p = fdPath(fd);
            c = new Copy(fd, new RandomAccessFile(p.toFile(), "rw"));
            copies.get(id.dev()).put(id.ino(), c);
            c.stale = true;
        }
        c.writable |= writable;
        if (c.stale) {
            c.stale = false;
            c.digested = false;
            c.file().setLength(0);
            if (snapshot == null) {
                c.file().setLength(size);
                return fdPath(c.fd());
            }
            try (FileChannel from = FileChannel.open(snapshot)) {
                long length = from.size(), at = 0;
                while (at < length) {
                    at += c.file().getChannel().transferFrom(from, at, length - at);
                }
            }
        }
        return fdPath(c.fd());
    }

    /** Makes a recorded change in the file's copy; returns whether its contents then match the recording's digest. */
    boolean apply(FileEvent e) throws IOException {
        if (e.outside()) {
            outside.add(e.file().path());
        }
        Copy c = copies.getOrDefault(e.file().dev(), Map.of()).get(e.file().ino());
        if (c == null || c.stale) {
            return true; // not mapped in replay yet: its copy is made from the trace's at its first mapping
        }
        FileChannel ch = c.file().getChannel();
        long old = ch.size();
        if (e.size() >= 0 && e.size() != old) {
            c.file().setLength(e.size());
        }
        ByteBuffer data = ByteBuffer.wrap(e.data());
        while (data.hasRemaining()) {
            ch.write(data, e.offset() + data.position());
        }
        long size = ch.size();
        if (c.writable || !c.digested) {
            c.pages.resize(size);
            c.pages.read(ch, 0, size);
            c.digested = true;
        } else { // nothing but these events changes it: only the pages they touched
            c.pages.resize(size);
            c.pages.read(ch, Math.min(old, size), size);
            c.pages.read(ch, e.offset(), e.offset() + e.length());
        }
        return e.digest() < 0 || c.pages.digest() == e.digest();
    }

    /** Whether the copy of {@code id} is one a task may write (the tracee opens it so). */
    boolean writable(FileId id) {
        Copy c = copies.getOrDefault(id.dev(), Map.of()).get(id.ino());
        return c != null && c.writable;
    }

    /**
     * {@code d}, with a note naming the files the recording warned are written from outside it too (so far, or
     * {@code markedLater}), where it is not about one: such a write changes what the program computes before replay
     * can see the file differ.
     */
    Divergence explain(Divergence d, java.util.Set<String> markedLater) {
        java.util.Set<String> all = new java.util.TreeSet<>(outside);
        all.addAll(markedLater);
        if (all.isEmpty() || all.stream().anyMatch(p -> d.getMessage().contains(p))) {
            return d;
        }
        return d.noting("the recording warned that " + String.join(", ", all) + ", mapped shared, " + (all.size() > 1
                ? "are" : "is") + " written by a process outside it too, which replay cannot reproduce: the likely"
                + " cause");
    }

    /** The copies' contents now, for a snapshot of the replay: its copies share them with the replay. */
    Map<FileId, byte[]> save() throws IOException {
        Map<FileId, byte[]> out = new HashMap<>();
        for (var d : copies.entrySet()) {
            for (var i : d.getValue().entrySet()) {
                if (i.getValue().stale) {
                    continue;
                }
                RandomAccessFile f = i.getValue().file();
                byte[] b = new byte[Math.toIntExact(f.length())];
                f.seek(0);
                f.readFully(b);
                out.put(new FileId(d.getKey(), i.getKey(), null), b);
            }
        }
        return out;
    }

    /**
     * Back to what {@link #save} returned: going back to a snapshot (or, with nothing saved, to the start). A copy
     * made since is filled again from the trace at its next first mapping; it stays, since later snapshots' tasks
     * may map it.
     */
    void restore(Map<FileId, byte[]> saved) throws IOException {
        for (var d : copies.entrySet()) {
            for (var i : d.getValue().entrySet()) {
                byte[] b = saved.get(new FileId(d.getKey(), i.getKey(), null));
                if (b == null) {
                    i.getValue().stale = true;
                } else {
                    RandomAccessFile f = i.getValue().file();
                    f.setLength(b.length);
                    f.seek(0);
                    f.write(b);
                    i.getValue().stale = false;
                    i.getValue().digested = false;
                }
            }
        }
    }

    private Path fdPath(int fd) {
        return Path.of("/proc", Long.toString(pid), "fd", Integer.toString(fd));
    }

    @Override
    public void close() {
        for (Map<Long, Copy> m : copies.values()) {
            for (Copy c : m.values()) {
                try {
                    c.file().close();
                } catch (IOException ignored) {
                    // a memory file
                }
                linux.close(c.fd());
            }
        }
        copies.clear();
    }
}
