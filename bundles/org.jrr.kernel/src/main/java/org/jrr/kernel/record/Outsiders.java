package org.jrr.kernel.record;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Which process outside the recording holds a file writable (open for writing, or mapped shared and writable): one
 * that may write it while recorded tasks do, which replay cannot reproduce. Looked up in /proc, as far as jrr may
 * read it.
 */
final class Outsiders {
    private Outsiders() {
    }

    /** A process outside {@code recorded} (thread group ids) and jrr that holds {@code file} writable, or 0. */
    static int holding(SharedFileMaps.FileKey file, Set<Integer> recorded) {
        return holding(Set.of(file), recorded).getOrDefault(file, 0);
    }

    /** For each of {@code files} held writable by a process outside {@code recorded} and jrr: one such process. */
    static Map<SharedFileMaps.FileKey, Integer> holding(Set<SharedFileMaps.FileKey> files, Set<Integer> recorded) {
        Map<SharedFileMaps.FileKey, Integer> out = new java.util.HashMap<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                int pid;
                try {
                    pid = Integer.parseInt(proc.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != self && !recorded.contains(pid)) {
                    for (SharedFileMaps.FileKey f : opened(proc, files)) {
                        out.putIfAbsent(f, pid);
                    }
                    for (SharedFileMaps.FileKey f : mapped(proc, files)) {
                        out.putIfAbsent(f, pid);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // /proc unreadable: nobody found
        }
        return out;
    }

    /** Which of {@code files} process {@code proc} has open for writing. */
    private static Set<SharedFileMaps.FileKey> opened(Path proc, Set<SharedFileMaps.FileKey> files) {
        Set<SharedFileMaps.FileKey> out = new java.util.HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    Map<String, Object> a = Files.readAttributes(fd, "unix:dev,ino");
                    SharedFileMaps.FileKey f = new SharedFileMaps.FileKey((Long) a.get("dev"), (Long) a.get("ino"));
                    if (files.contains(f) && openForWriting(proc.resolve("fdinfo").resolve(fd.getFileName()))) {
                        out.add(f);
                    }
                } catch (IOException | RuntimeException e) {
                    // closed meanwhile, or not a file
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not ours to read
        }
        return out;
    }

    /** Whether the descriptor /proc/PID/fdinfo describes is open for writing (O_WRONLY or O_RDWR). */
    private static boolean openForWriting(Path fdinfo) throws IOException {
        for (String line : Files.readAllLines(fdinfo)) {
            if (line.startsWith("flags:")) {
                return (Long.parseLong(line.substring(6).trim(), 8) & 3) != 0;
            }
        }
        return true; // not told: it may be
    }

    /** Which of {@code files} process {@code proc} maps shared and writable. */
    private static Set<SharedFileMaps.FileKey> mapped(Path proc, Set<SharedFileMaps.FileKey> files) {
        Set<SharedFileMaps.FileKey> out = new java.util.HashSet<>();
        try {
            for (String line : Files.readAllLines(proc.resolve("maps"))) {
                // start-end perms offset major:minor inode path
                String[] f = line.trim().split("\\s+", 7);
                if (f.length >= 5 && f[1].startsWith("rw") && f[1].endsWith("s")) {
                    SharedFileMaps.FileKey k = new SharedFileMaps.FileKey(device(f[3]), Long.parseLong(f[4]));
                    if (files.contains(k)) {
                        out.add(k);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not ours to read
        }
        return out;
    }

    /** A device as /proc/PID/maps writes it (hex major:minor), encoded as st_dev is (glibc's makedev). */
    static long device(String majorMinor) {
        int colon = majorMinor.indexOf(':');
        long major = Long.parseLong(majorMinor.substring(0, colon), 16);
        long minor = Long.parseLong(majorMinor.substring(colon + 1), 16);
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12)
                | (minor & 0xffL);
    }
}
