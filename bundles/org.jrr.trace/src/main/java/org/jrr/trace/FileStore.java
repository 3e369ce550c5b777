package org.jrr.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.jrr.api.trace.TraceFormatException;

/**
 * The trace's {@code files/} directory: one copy per distinct mapped file, named {@code <basename>-<n>}, and a
 * manifest ({@link #MANIFEST}: a line "name size crc32c" per copy, written as each is stored) by which a reader
 * tells a damaged copy from the recorded one. The dedupe map lives only as long as the writer; the files themselves
 * are the record.
 */
final class FileStore {
    private static final int MAX_BASE = 200;
    /** The manifest's name in {@code files/}: never a stored file's (they end in "-n"). */
    static final String MANIFEST = "manifest";

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
            // always a copy: a hard link to a system library would let anyone who can write the trace change it
            long crc = copy(source, target);
            Files.writeString(dir.resolve(MANIFEST), name + " " + Files.size(target) + " "
                    + Long.toHexString(crc) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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

    /** The CRC-32C of a file's contents. */
    static long crc(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            while (ch.read(b.clear()) > 0) {
                crc.update(b.flip());
            }
        }
        return crc.getValue();
    }

    /** Copies larger than this have only their size checked: a huge sparse file would take seconds to read. */
    private static final long MAX_CHECKED = 1L << 30;

    /**
     * Checks a stored file against the manifest: throws naming it where its size or contents differ from when it was
     * stored (a trace without a manifest line for it, cut short, is not checked).
     */
    static void verify(Path file) throws IOException {
        Path manifest = file.resolveSibling(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return;
        }
        String name = file.getFileName().toString();
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            // "name size crc": a name may hold spaces, the numbers never do
            int crcAt = line.lastIndexOf(' ');
            int sizeAt = crcAt < 0 ? -1 : line.lastIndexOf(' ', crcAt - 1);
            if (sizeAt > 0 && line.substring(0, sizeAt).equals(name)) {
                long size = Long.parseLong(line.substring(sizeAt + 1, crcAt));
                if (Files.size(file) != size || size <= MAX_CHECKED
                        && crc(file) != Long.parseUnsignedLong(line.substring(crcAt + 1), 16)) {
                    throw new TraceFormatException("damaged trace: " + file + " is not the file"
                            + " that was recorded (its size or contents changed since)");
                }
                return;
            }
        }
    }

    /**
     * Copies under a temporary name first, so a copy cut short never sits under a real name; returns the CRC-32C of
     * the contents. Blocks of zeros are not written, so that a sparse file (a huge file a program maps, of which it
     * wrote little) stays sparse in the trace.
     */
    private long copy(Path source, Path target) throws IOException {
        Path tmp = Files.createTempFile(dir, ".copy-", ".tmp");
        CRC32C crc = new CRC32C();
        try {
            try (FileChannel in = FileChannel.open(source); FileChannel out = FileChannel.open(tmp,
                    StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.allocateDirect(COPY_BLOCK);
                long at = 0;
                for (int n; (n = in.read(b.clear())) > 0; at += n) {
                    b.flip();
                    crc.update(b.duplicate());
                    if (!zeros(b)) {
                        while (b.hasRemaining()) {
                            out.write(b, at + b.position());
                        }
                    }
                }
                out.truncate(at); // a file cut short meanwhile
                if (out.size() < at) {
                    out.write(ByteBuffer.allocate(1), at - 1); // a trailing hole: the size is the file's
                }
            }
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return crc.getValue();
    }

    private static final int COPY_BLOCK = 1 << 20;

    private static boolean zeros(ByteBuffer b) {
        int i = b.position();
        for (; i + 8 <= b.limit(); i += 8) {
            if (b.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < b.limit(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
