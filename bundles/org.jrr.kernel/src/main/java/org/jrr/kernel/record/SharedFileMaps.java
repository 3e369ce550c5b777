package org.jrr.kernel.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.SyscallCall;

/**
 * The MAP_SHARED file mappings of one address space, and how a write to a file is told: Linux shows a write to the
 * file, through any descriptor, in every shared mapping of it at once (the LMDB pattern), which replay's emulated
 * copies of such files ({@link SharedFiles}) reproduce.
 */
final class SharedFileMaps {
    /** A mapping: where, the file range it shows, the file (device and inode, and its path then), writable. */
    record Mapping(long start, long length, long offset, FileKey file, String path, boolean writable) {
        long end() {
            return start + length;
        }
    }

    record FileKey(long dev, long ino) {
    }

    /** The calls that write a file through a descriptor (argument 0, but copy_file_range's and splice's). */
    private static final Set<String> WRITES = Set.of("write", "pwrite64", "writev", "pwritev", "pwritev2",
            "ftruncate", "fallocate", "sendfile", "copy_file_range", "splice");

    private final List<Mapping> mappings = new ArrayList<>();

    /** The copy a forked child gets: it shares the mappings. */
    SharedFileMaps copy() {
        SharedFileMaps c = new SharedFileMaps();
        c.mappings.addAll(mappings);
        return c;
    }

    /** At the exit of a successful mmap with MAP_SHARED of file descriptor {@code fd} of task {@code tid}. */
    void mapped(int tid, long fd, long start, long length, long offset, boolean writable) {
        FileKey key = key(tid, fd);
        if (key != null) {
            String path;
            try {
                path = Files.readSymbolicLink(Path.of("/proc", Integer.toString(tid), "fd", Long.toString((int) fd)))
                        .toString();
            } catch (IOException | RuntimeException e) {
                path = "fd " + fd + " of task " + tid;
            }
            mappings.add(new Mapping(start, (length + 4095) & ~4095L, offset, key, path, writable));
        }
    }

    /** Whether a mapping here shows {@code file}. */
    boolean maps(FileKey file) {
        return mappings.stream().anyMatch(m -> m.file().equals(file));
    }

    /** The path of a mapping of {@code file}, or null. */
    String pathOf(FileKey file) {
        return mappings.stream().filter(m -> m.file().equals(file)).map(Mapping::path).findFirst().orElse(null);
    }

    /**
     * The file a successful write-like syscall wrote, when it is a regular file, or null. Its fd is argument 0
     * (copy_file_range's and splice's: 2).
     */
    static FileKey writtenFile(int tid, String name, SyscallCall call) {
        if (!WRITES.contains(name) || call.failed()) {
            return null;
        }
        return key(tid, call.arg(name.equals("copy_file_range") || name.equals("splice") ? 2 : 0));
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
