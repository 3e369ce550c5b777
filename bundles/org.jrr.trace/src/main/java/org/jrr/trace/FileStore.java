package org.jrr.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * The trace's {@code files/} directory: one copy or hard link per distinct mapped file, named
 * {@code <basename>-<n>}. The dedupe map lives only as long as the writer; the files themselves are the record.
 */
final class FileStore {
    private static final int MAX_BASE = 200;

    /** What identifies one version of a file: a file replaced or modified gets a new inode, size or time. */
    private record Key(long dev, long ino, long size, FileTime mtime, boolean copy) {
    }

    private final Path dir;
    private final Map<Key, String> stored = new HashMap<>();

    FileStore(Path dir) {
        this.dir = dir;
    }

    /** Stores {@code source} (a {@code copy}, or a link where that is safe) and returns its name. */
    String add(Path source, boolean copy) throws IOException {
        Map<String, Object> a = Files.readAttributes(source,
                "unix:dev,ino,size,lastModifiedTime,uid,mode,isRegularFile");
        if (!(Boolean) a.get("isRegularFile")) {
            throw new IOException("not a regular file: " + source);
        }
        Key key = new Key((Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"),
                (FileTime) a.get("lastModifiedTime"), copy);
        String name = stored.get(key);
        if (name == null) {
            name = freeName(source);
            Path target = dir.resolve(name);
            // always a copy (the file system may make it a reflink): a hard link to a system library would let anyone
            // who can write the trace change the library
            copy(source, target);
            stored.put(key, name);
        }
        return name;
    }

    /** Whether {@code name} can be a stored file's name: never a path that leaves {@code files/}. */
    static boolean validName(String name) {
        return !name.isEmpty() && name.indexOf('/') < 0 && !name.contains("..") && name.indexOf('\0') < 0
                && !name.equals(".");
    }

    private String freeName(Path source) {
        String base = sanitize(source.getFileName() == null ? "file" : source.getFileName().toString());
        for (int n = 0; ; n++) {
            String name = base + "-" + n;
            if (!Files.exists(dir.resolve(name))) {
                return name;
            }
        }
    }

    /** Makes a basename that {@link #validName} accepts and that a shell shows plainly. */
    static String sanitize(String base) {
        StringBuilder sb = new StringBuilder(base.length());
        base.codePoints().forEach(c -> sb.appendCodePoint(c < 0x20 || c == 0x7f || c == '/' ? '_' : c));
        String s = sb.toString();
        while (s.contains("..")) {
            s = s.replace("..", "._");
        }
        if (s.length() > MAX_BASE) {
            s = s.substring(0, MAX_BASE);
        }
        return s.isEmpty() || s.equals(".") ? "file" : s;
    }

    /** Copies under a temporary name first, so a copy cut short never sits under a real name. */
    private void copy(Path source, Path target) throws IOException {
        Path tmp = Files.createTempFile(dir, ".copy-", ".tmp");
        try {
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
