package org.jrr.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.jrr.api.trace.TraceFormatException;
import org.jrr.api.trace.TraceReader;
import org.jrr.api.trace.TraceWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {
    @TempDir
    Path tmp;

    private Path trace() throws IOException {
        return Files.createDirectories(tmp.resolve("trace"));
    }

    private Path source(String dir, String name, String content, String perms) throws IOException {
        Path p = Files.createDirectories(tmp.resolve(dir)).resolve(name);
        Files.writeString(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    @Test
    void sameFileOnceOtherFilesApart() throws IOException {
        Path trace = trace();
        Path libc = source("lib", "libc.so.6", "libc contents", "rw-rw-r--");
        Path otherLibc = source("lib32", "libc.so.6", "32-bit libc", "rw-rw-r--");
        Path ld = source("lib", "ld-linux-x86-64.so.2", "loader", "rw-rw-r--");
        String a;
        String b;
        String c;
        try (TraceWriter w = new BinaryTraceCodec().create(trace, Samples.header())) {
            a = w.addFile(libc);
            assertEquals(a, w.addFile(libc));
            assertEquals(a, w.addFile(tmp.resolve("lib/../lib/libc.so.6")), "another path, same file");
            b = w.addFile(otherLibc);
            c = w.addFile(ld);
            w.finish();
        }
        assertEquals("libc.so.6-0", a);
        assertEquals("libc.so.6-1", b);
        assertEquals("ld-linux-x86-64.so.2-0", c);
        try (TraceReader r = new BinaryTraceCodec().open(trace)) {
            assertEquals("libc contents", Files.readString(r.file(a)));
            assertEquals("32-bit libc", Files.readString(r.file(b)));
            assertEquals(trace.resolve("files").resolve(c), r.file(c));
        }
        // nothing but the stored files and their manifest: no temporaries left behind
        try (var list = Files.list(trace.resolve("files"))) {
            assertEquals(4, list.count());
        }
    }

    @Test
    void aChangedFileIsStoredAgainAndTheOldCopyKept() throws IOException {
        Path trace = trace();
        // group-writable: always copied, never linked
        Path conf = source("etc", "app.conf", "version 1", "rw-rw-r--");
        try (TraceWriter w = new BinaryTraceCodec().create(trace, Samples.header())) {
            String first = w.addFile(conf);
            Files.writeString(conf, " and more", StandardOpenOption.APPEND);
            String second = w.addFile(conf);
            assertNotEquals(first, second);
            assertEquals("version 1", Files.readString(trace.resolve("files").resolve(first)));
            assertEquals("version 1 and more", Files.readString(trace.resolve("files").resolve(second)));
        }
    }

    @Test
    void aSnapshotIsACopyEvenOfAFileThatCouldBeLinked() throws IOException {
        Path trace = trace();
        Path data = source("var", "data.mdb", "before", "rw-------"); // root's own file, mapped shared
        try (TraceWriter w = new BinaryTraceCodec().create(trace, Samples.header())) {
            Path stored = trace.resolve("files").resolve(w.addFileSnapshot(data));
            assertFalse(Files.isSameFile(data, stored));
            Files.writeString(data, "after!");
            assertEquals("before", Files.readString(stored), "the recording's later writes do not reach it");
            assertNotEquals(stored.getFileName().toString(), w.addFile(data), "nor is it taken for a link");
        }
    }

    /**
     * Even a root-owned read-only library is copied, never linked: whoever can write the trace must not be able to
     * change the system's files through it. The copies and the trace are for their owner only.
     */
    @Test
    void filesAreCopiedNeverLinkedAndTheTraceIsPrivate() throws IOException {
        Path trace = trace();
        Path system = source("usr", "libz.so.1", "zlib", "rw-r--r--");
        Path writable = source("usr", "libw.so", "writable", "rw-rw-rw-");
        try (TraceWriter w = new BinaryTraceCodec().create(trace, Samples.header())) {
            Path storedSystem = trace.resolve("files").resolve(w.addFile(system));
            Path storedWritable = trace.resolve("files").resolve(w.addFile(writable));
            assertFalse(Files.isSameFile(system, storedSystem));
            assertFalse(Files.isSameFile(writable, storedWritable));
            assertArrayEquals(Files.readAllBytes(system), Files.readAllBytes(storedSystem));
            assertArrayEquals(Files.readAllBytes(writable), Files.readAllBytes(storedWritable));
            assertEquals("r--------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(storedSystem)));
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(trace.resolve("files"))));
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(trace.resolve("header"))));
    }

    @Test
    void aRealSystemFile() throws IOException {
        Path sh = Path.of("/bin/sh").toRealPath();
        try (TraceWriter w = new BinaryTraceCodec().create(trace(), Samples.header())) {
            String name = w.addFile(sh);
            assertTrue(name.startsWith(sh.getFileName() + "-"), name);
            assertArrayEquals(Files.readAllBytes(sh), Files.readAllBytes(tmp.resolve("trace/files").resolve(name)));
        }
    }

    @Test
    void directoriesAreRefused() throws IOException {
        try (TraceWriter w = new BinaryTraceCodec().create(trace(), Samples.header())) {
            assertThrows(IOException.class, () -> w.addFile(tmp));
        }
    }

    @Test
    void fileRejectsNamesOutsideTheStore() throws IOException {
        Path trace = trace();
        Files.writeString(tmp.resolve("x"), "secret");
        try (TraceWriter w = new BinaryTraceCodec().create(trace, Samples.header())) {
            w.finish();
        }
        try (TraceReader r = new BinaryTraceCodec().open(trace)) {
            for (String bad : new String[] {"../x", "..", "a/b", "/etc/passwd", "", ".", "x..y"}) {
                assertThrows(TraceFormatException.class, () -> r.file(bad), bad);
            }
            TraceFormatException e = assertThrows(TraceFormatException.class, () -> r.file("libc.so.6-0"));
            assertTrue(e.getMessage().contains("libc.so.6-0"), e.getMessage());
        }
    }

    @Test
    void sanitizedNamesAreValid() {
        for (String base : new String[] {"lib..so", "...", "..", ".", "a\nb", "x".repeat(300)}) {
            String s = FileStore.sanitize(base);
            assertTrue(FileStore.validName(s + "-0"), base + " -> " + s);
            assertTrue(s.length() <= 200);
        }
        assertEquals("libc.so.6", FileStore.sanitize("libc.so.6"));
    }

    /** A stored file changed since the recording is named when a reader asks for it, not replayed wrongly. */
    @Test
    void aDamagedCopyIsNamed() throws IOException {
        Path trace = trace();
        Path lib = source("usr", "libd.so", "the library's contents", "rw-r--r--");
        String name;
        try (TraceWriter w = new BinaryTraceCodec().create(trace, Samples.header())) {
            name = w.addFile(lib);
            w.finish();
        }
        try (org.jrr.api.trace.TraceReader r = new BinaryTraceCodec().open(trace)) {
            assertEquals("the library's contents", Files.readString(r.file(name)));
        }
        Path stored = trace.resolve("files").resolve(name);
        Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(stored, "the library's content!");
        try (org.jrr.api.trace.TraceReader r = new BinaryTraceCodec().open(trace)) {
            org.jrr.api.trace.TraceFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.jrr.api.trace.TraceFormatException.class, () -> r.file(name));
            assertTrue(e.getMessage().contains(stored.toString()) && e.getMessage().contains("not the file that was"
                    + " recorded"), e.getMessage());
        }
    }

    /** A sparse file (a huge mapping of which the program wrote little) stays sparse in the trace, whole. */
    @Test
    void aSparseFileStaysSparse() throws Exception {
        Path trace = trace();
        Path sparse = source("data", "sparse.db", "", "rw-r--r--");
        long size = 256L << 20;
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(size);
            f.seek(size / 2 + 3);
            f.write("middle".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        String name;
        try (TraceWriter w = new BinaryTraceCodec().create(trace, Samples.header())) {
            name = w.addFile(sparse);
            w.finish();
        }
        Path stored;
        try (org.jrr.api.trace.TraceReader r = new BinaryTraceCodec().open(trace)) {
            stored = r.file(name); // checked against the manifest
        }
        assertEquals(size, Files.size(stored));
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(stored)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(6);
            ch.read(b, size / 2 + 3);
            assertEquals("middle", new String(b.array(), java.nio.charset.StandardCharsets.US_ASCII));
        }
        Process stat = new ProcessBuilder("stat", "-c", "%b", stored.toString()).start();
        long blocks = Long.parseLong(new String(stat.getInputStream().readAllBytes()).trim());
        assertTrue(blocks * 512 < (8L << 20), "the copy takes " + blocks * 512 + " bytes on disk");
    }
}
