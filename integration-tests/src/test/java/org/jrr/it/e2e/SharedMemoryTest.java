package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Memory shared through files (issue 13): what the recording saw in a mapping, replay shows, from its one emulated
 * copy of each file mapped shared, which every write to the file by the recording's tasks updates.
 */
class SharedMemoryTest {
    /**
     * The LMDB pattern in one process: a MAP_SHARED mapping sees writes made through other descriptors (opened
     * before or after the mmap), and a read sees what was written through the mapping. The replay prints what the
     * recording printed; each write to the mapped file records what it changed in the mapping.
     */
    @Test
    void aSharedFileMappingSeesWritesThroughDescriptors() throws Exception {
        replays("shared_file_map", "after pwrite: bbb");
        Jrr jrr = new Jrr("shared-file-map-dump");
        assertEquals(0, jrr.run("record", "-q", Jrr.program("shared_file_map")).status());
        Jrr.Result dump = jrr.run("dump");
        assertTrue(dump.stdout().contains("syscall pwrite64 = 6"), "the pwrite is traced (also with the syscall"
                + " buffer): " + dump);
        assertTrue(dump.stdout().lines().anyMatch(l -> l.contains(" file /tmp/") && l.contains(": 6 bytes at 100,")
                && l.contains("contents checked")), "and records the 6 bytes it changed in the file: " + dump);
    }

    /** A SysV segment a forked child writes: replay makes it shared memory again, with its recorded contents. */
    @Test
    void aSysVSegmentIsSharedWithAForkedChild() throws Exception {
        replays("sysv_shm", "the segment shows: child!, last page");
    }

    /**
     * A SysV segment attached by a child on its own after the fork, and twice by the parent: replay maps its one copy
     * of the segment at every attachment.
     */
    @Test
    void aSysVSegmentAttachedByTwoProcessesIsShared() throws Exception {
        assumeMapFiles();
        replays("sysv_attach", "the second attachment shows: parent, child!");
    }

    /**
     * Going back over shared anonymous memory: a snapshot of the replay shares the memory with the replay, which
     * has changed it since; going back puts back what it held, so gdb shows the recording's values.
     */
    @Test
    void goingBackShowsWhatSharedAnonymousMemoryHeldThen() throws Exception {
        assumeMapFiles();
        Jrr jrr = new Jrr("shared-anon-back");
        assertEquals(0, jrr.run("record", "-q", Jrr.program("shared_anon_steps")).status());
        Jrr.Result r = GdbScript.run(jrr, Map.of("JRR_CHECKPOINT_INTERVAL", "50"), "break mark", "continue",
                "continue", "continue", "continue", "print shared[0]", "reverse-continue", "print shared[0]",
                "reverse-continue", "print shared[0]", "continue", "print shared[0]");
        assertEquals(List.of("40", "30", "20", "30"), GdbScript.values(r.stdout()), r::toString);
        assertFalse(r.stderr().contains("diverged"), r::toString);
    }

    /** A file mapping inherited by a forked child, which writes through it: the parent's mapping shows it. */
    @Test
    void aFileMappingIsSharedWithAForkedChild() throws Exception {
        replays("shared_file_fork", "the mapping shows: child!");
    }

    /**
     * A process that does not map the file writes it (pwrite): another process's mapping of it shows that. The write
     * is recorded as such (the writer's syscall buffer learnt that the descriptor refers to a mapped file), not
     * found later by comparing the reader's copy with the file.
     */
    @Test
    void aWriteByAProcessThatDoesNotMapTheFileShowsInAnothersMapping() throws Exception {
        replays("shared_file_writer", "the mapping shows: after!");
        Jrr jrr = new Jrr("shared-writer-dump");
        assertEquals(0, jrr.run("record", "-q", Jrr.program("shared_file_writer")).status());
        String dump = jrr.run("dump").stdout();
        assertTrue(dump.lines().anyMatch(l -> l.contains(" file /tmp/jrr-shared-writer-")
                && l.contains(": 6 bytes at 0,")), dump);
        assertFalse(dump.contains("forwarded"), dump);
    }

    /** A memfd shared with a forked child, which writes through the mapping and through the descriptor. */
    @Test
    void aMemfdIsSharedWithAForkedChild() throws Exception {
        replays("memfd_fork", "the memfd shows: child!, write!");
    }

    /** ftruncate grows a file mapped beyond its end; a write there shows in the mapping. */
    @Test
    void aMappedFileGrownByFtruncateShowsWhatIsWrittenThere() throws Exception {
        replays("shared_file_grow", "the mapping shows: first, 0, grown");
    }

    /**
     * A real program: an LMDB environment through liblmdb, which maps its data file shared and read-only and
     * writes it with pwrite; several transactions, then reads through the map.
     */
    @Test
    void anLmdbEnvironmentReplays() throws Exception {
        replays("lmdb_env", "entries: 200, checksum 13905060561672101696");
    }

    /** A shared mapping moved and grown with mremap, synced, dropped with madvise(MADV_DONTNEED). */
    @Test
    void aSharedFileMappingStaysCoherentAcrossMremapMsyncAndMadvise() throws Exception {
        replays("shared_file_remap", "after a move: moved again");
    }

    /**
     * The less common calls that write a mapped file (copy_file_range, sendfile, splice, fallocate, O_TRUNC,
     * truncate), each recorded with the range it changed; then a writable mapping of the same file, whose stores the
     * read-only view shows at once.
     */
    @Test
    void everyCallThatWritesAMappedFileShowsInTheMapping() throws Exception {
        replays("shared_file_calls", "a store through the writable view: truncate|stored!!");
    }

    /** POSIX shared memory opened by name in two processes, each mapping it itself. */
    @Test
    void posixSharedMemoryIsSharedBetweenProcesses() throws Exception {
        replays("posix_shm", "the shm object shows: child!, write!");
    }

    /**
     * The dconf pattern: this test, a process outside the recording, writes a counter into a file the program maps
     * shared and read-only. jrr gives the program its own copy and forwards the changes at points it records (after
     * syscalls while the program sleeps between looks, on a timer while it spins without syscalls); replay makes them
     * at the same points, so it prints what the recording printed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sleep", "spin"})
    void changesMadeFromOutsideReachAProgramThatMapsTheFile(String mode) throws Exception {
        Path file = Files.createTempFile("jrr-outside-", ".dat");
        try {
            Files.write(file, new byte[4096]);
            Jrr jrr = new Jrr("shared-outside-" + mode);
            Recorded rec = recordWhileWriting(jrr, file, Writes.of(0, 5),
                    List.of(Jrr.program("shared_outside_reader"), file.toString(), mode));
            assertEquals(0, rec.status(), rec::toString);
            assertTrue(rec.stdout().contains("saw 5\ndone\n"), rec::toString);
            assertTrue(rec.stderr().contains("jrr: note: 1 read-only shared mapping(s) of files (" + file + ") showed"
                    + " jrr's copy of the file, into which changes made from outside were forwarded"), rec::toString);
            assertFalse(rec.stderr().contains("warning"), rec::toString);
            for (int i = 1; i <= 2; i++) {
                Jrr.Result rep = jrr.run("replay", "-a");
                assertEquals(0, rep.status(), rep::toString);
                assertEquals(rec.stdout(), rep.stdout(), rep::toString);
            }
            Jrr.Result dump = jrr.run("dump");
            List<String> forwarded = dump.stdout().lines().filter(l -> l.contains("forwarded into jrr's copy"))
                    .toList();
            assertFalse(forwarded.isEmpty(), dump::toString);
            if (mode.equals("spin")) { // found by the timer: where the program spun, then what changed
                List<String> lines = dump.stdout().lines().toList();
                assertTrue(forwarded.stream().anyMatch(f -> lines.get(lines.indexOf(f) - 1).contains("switch at")),
                        dump::toString);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * A file written both by the recorded program (through a writable shared mapping) and from outside (this test,
     * which holds it open for writing from the start, or opens it once the program runs: jrr looks again every second):
     * one warning at record time naming the file and the mapping; replay stops where the mapping's contents differ,
     * naming the file, instead of running on silently wrong.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aMappingWrittenOnBothSidesIsNamedWhenRecordedAndWhereReplayDiffers(boolean late) throws Exception {
        Path file = Files.createTempFile("jrr-both-", ".dat");
        try {
            Files.write(file, new byte[4096]);
            Jrr jrr = new Jrr("shared-both-map-" + late);
            Writes writes = late ? new Writes(8, 3, 1200, true) : Writes.of(8, 3);
            Recorded rec = recordWhileWriting(jrr, file, writes, List.of(Jrr.program("shared_both_sides"),
                    file.toString(), "map"));
            assertEquals(0, rec.status(), rec::toString);
            List<String> warnings = rec.stderr().lines().filter(l -> l.startsWith("jrr: warning: " + file)).toList();
            assertEquals(1, warnings.size(), rec::toString);
            assertTrue(warnings.get(0).contains("(mapped shared at 0x") && warnings.get(0).contains("is written both by"
                    + " the recorded program and by process " + ProcessHandle.current().pid())
                    && warnings.get(0).contains("Record the other program too"), rec::toString);
            Jrr.Result rep = jrr.run("replay", "-a");
            assertNotEquals(0, rep.status(), rep::toString);
            assertTrue(rep.stderr().contains("replay diverged at event") && rep.stderr().contains(file.toString()),
                    rep::toString);
            assertEquals(1, rep.stderr().lines().count(), rep::toString);
            assertTrue(jrr.run("dump").stdout().contains("[also written outside the recording]"));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The same with the program's writes through a descriptor and a read-only mapping: the warning names the file;
     * the mapping is jrr's copy, into which both sides' changes went at recorded points, so this one replays.
     */
    @Test
    void aShadowedMappingWrittenOnBothSidesIsNamedAndReplays() throws Exception {
        Path file = Files.createTempFile("jrr-both-", ".dat");
        try {
            Files.write(file, new byte[4096]);
            Jrr jrr = new Jrr("shared-both-write");
            Recorded rec = recordWhileWriting(jrr, file, Writes.of(8, 3), List.of(Jrr.program("shared_both_sides"),
                    file.toString(), "write"));
            assertEquals(0, rec.status(), rec::toString);
            assertEquals(1, rec.stderr().lines().filter(l -> l.startsWith("jrr: warning: " + file)
                    && l.contains("is written both by the recorded program")).count(), rec::toString);
            for (int i = 1; i <= 2; i++) {
                Jrr.Result rep = jrr.run("replay", "-a");
                assertEquals(0, rep.status(), rep::toString);
                assertEquals(rec.stdout(), rep.stdout(), rep::toString);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * gdb's call of a function that writes a shared file mapping runs in a diversion, which shares the mapping with
     * the replay: what it wrote there is put back when it ends, so the next call and the replay see the recording's
     * value.
     */
    @Test
    void aCallThatWritesASharedMappingLeavesTheReplayAsItWas() throws Exception {
        Jrr jrr = new Jrr("shared-divert");
        assertEquals(0, jrr.run("record", "-q", Jrr.program("shared_divert")).status());
        Jrr.Result r = GdbScript.run(jrr, "break stop_here", "continue", "print poke(7)", "print shared_value()",
                "continue");
        assertEquals(List.of("7", "1"), GdbScript.values(r.stdout()), r::toString);
        assertTrue(r.stdout().contains("value 1\n"), r::toString);
        assertFalse(r.stdout().contains("diverged") || r.stderr().contains("diverged"), r::toString);
    }

    /**
     * jrr opens SysV segments and shared anonymous memory through /proc/PID/map_files, which needs CAP_SYS_ADMIN
     * (CI runs as root); without it they replay as before, shared with forked children only.
     */
    private static void assumeMapFiles() throws Exception {
        Path self = Path.of("/proc/self/map_files");
        boolean readable;
        try (var entries = Files.list(self)) {
            Path any = entries.findFirst().orElseThrow();
            try (var in = Files.newInputStream(any)) {
                readable = in.read() >= -1;
            }
        } catch (java.io.IOException | RuntimeException e) {
            readable = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(readable, "/proc/PID/map_files is not readable here (it needs"
                + " CAP_SYS_ADMIN)");
    }

    /** Records {@code program}, which prints {@code token}, and replays it twice: the same output each time. */
    private static void replays(String program, String token) throws Exception {
        RecordReplayTest.recordAndReplayTwice(program, List.of(Jrr.program(program)), Map.of(), null, 0, token);
    }

    record Recorded(int status, String stdout, String stderr) {
    }

    /** What the test writes into the file while the program is recorded, as a process outside the recording would. */
    record Writes(long offset, int last, long pauseMillis, boolean openLate) {
        /** The values 1 to {@code last} at {@code offset}, one every 40 ms, the file held open from the start. */
        static Writes of(long offset, int last) {
            return new Writes(offset, last, 40, false);
        }
    }

    /**
     * Records {@code command} and, once it has printed "ready", writes the values as 32-bit ints into {@code file},
     * holding the file open from before the recording or from then on.
     */
    static Recorded recordWhileWriting(Jrr jrr, Path file, Writes writes, List<String> command) throws Exception {
        FileChannel early = writes.openLate() ? null : FileChannel.open(file, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try (FileChannel held = early) {
            List<String> args = new java.util.ArrayList<>(List.of("record"));
            args.addAll(command);
            Process p = jrr.start(Map.of(), args);
            p.getOutputStream().close();
            CompletableFuture<String> err = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    err.complete("<" + e + ">");
                }
            });
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8));
                StringBuilder stdout = new StringBuilder();
                CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (java.io.IOException e) {
                        return null;
                    }
                });
                String first = ready.get(60, TimeUnit.SECONDS);
                assertEquals("ready", first, () -> "the program did not start: " + err.getNow(""));
                stdout.append(first).append('\n');
                try (FileChannel ch = held != null ? null : FileChannel.open(file, StandardOpenOption.WRITE)) {
                    for (int v = 1; v <= writes.last(); v++) {
                        Thread.sleep(writes.pauseMillis());
                        (held != null ? held : ch).write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                                .putInt(0, v), writes.offset());
                    }
                }
                CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> {
                    StringBuilder sb = new StringBuilder();
                    out.lines().forEach(l -> sb.append(l).append('\n'));
                    return sb.toString();
                });
                stdout.append(rest.get(60, TimeUnit.SECONDS));
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jrr record did not end");
                return new Recorded(p.exitValue(), stdout.toString(), err.get(10, TimeUnit.SECONDS));
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }
}
