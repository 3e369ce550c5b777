package org.jrr.kernel.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MAP_SHARED file mappings of one address space (the files it shows, for checks at its end and for warnings),
 * and how the file behind a descriptor is told.
 */
final class SharedFileMaps {
    /**
     * A mapping: where, the file range it shows, the file (device and inode, and its path then), writable, and
     * whether it shows jrr's copy of the file (a shadow) rather than the file.
     */
    record Mapping(long start, long length, long offset, FileKey file, String path, boolean writable,
            boolean shadow) {
        long end() {
            return start + length;
        }
    }

    record FileKey(long dev, long ino) {
    }

    private final List<Mapping> mappings = new ArrayList<>();

    /** The copy a forked child gets: it shares the mappings. */
    SharedFileMaps copy() {
        SharedFileMaps c = new SharedFileMaps();
        c.mappings.addAll(mappings);
        return c;
    }

    /** At the exit of a successful mmap with MAP_SHARED of {@code file} ({@code path}). */
    void mapped(FileKey file, String path, long start, long length, long offset, boolean writable, boolean shadow) {
        mappings.add(new Mapping(start, (length + 4095) & ~4095L, offset, file, path, writable, shadow));
    }

    /** Whether a mapping here shows jrr's copy of a file. */
    boolean showsShadow() {
        return mappings.stream().anyMatch(Mapping::shadow);
    }

    /** The mappings here that show jrr's copy of {@code file}. */
    List<Mapping> shadows(FileKey file) {
        return mappings.stream().filter(m -> m.shadow() && m.file().equals(file)).toList();
    }

    /** {@code m} shows the file itself from now on. */
    void unshadowed(Mapping m) {
        int i = mappings.indexOf(m);
        if (i >= 0) {
            mappings.set(i, new Mapping(m.start(), m.length(), m.offset(), m.file(), m.path(), m.writable(), false));
        }
    }

    /** The first mapping of {@code file} here, or null. */
    Mapping mappingOf(FileKey file) {
        return mappings.stream().filter(m -> m.file().equals(file)).findFirst().orElse(null);
    }

    /** Whether some file is mapped shared here. */
    boolean any() {
        return !mappings.isEmpty();
    }

    /** The files mapped shared here. */
    Set<FileKey> files() {
        Set<FileKey> out = new java.util.LinkedHashSet<>();
        mappings.forEach(m -> out.add(m.file()));
        return out;
    }

    /** The path of descriptor {@code fd} of task {@code tid}, or words that name it. */
    static String path(int tid, long fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Integer.toString(tid), "fd", Long.toString((int) fd)))
                    .toString();
        } catch (IOException | RuntimeException e) {
            return "fd " + fd + " of task " + tid;
        }
    }

    /** munmap: mappings inside the range are gone (one that only overlaps stays known: a few bytes too many). */
    void unmapped(long start, long length) {
        mappings.removeIf(m -> m.start() >= start && m.end() <= start + length);
    }

    static FileKey key(int tid, long fd) {
        try {
            Map<String, Object> a = Files.readAttributes(Path.of("/proc", Integer.toString(tid), "fd",
                    Long.toString((int) fd)), "unix:dev,ino,isRegularFile");
            return (Boolean) a.get("isRegularFile") ? new FileKey((Long) a.get("dev"), (Long) a.get("ino")) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The 64-bit file offset a syscall left at {@code address} of {@code t}'s memory, or -1. */
    static long offsetAt(RecordTask t, long address) {
        try {
            return java.nio.ByteBuffer.wrap(t.task.memory().read(address, 8)).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getLong();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The file position of descriptor {@code fd} after the call, from /proc (-1 if not known). */
    static long position(int tid, long fd) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(tid), "fdinfo",
                    Long.toString((int) fd)))) {
                if (line.startsWith("pos:")) {
                    return Long.parseLong(line.substring(4).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone: all of the mapping is recorded
        }
        return -1;
    }
}
