package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bad input gets one clear line on stderr and a non-zero exit: no stack trace, no hang, no lost data. */
class BadInputTest {
    private static void assertOneLineError(Jrr.Result r, String expected) {
        assertNotEquals(0, r.status(), () -> "expected a failure: " + r);
        String err = r.stderr().strip();
        assertFalse(err.contains("\n"), () -> "expected one line: " + r);
        assertTrue(err.startsWith("jrr: "), () -> "expected a jrr error: " + r);
        assertTrue(err.contains(expected), () -> "expected '" + expected + "': " + r);
        assertFalse(err.contains("Exception"), () -> "no stack traces or exception names: " + r);
    }

    @Test
    void missingProgram() throws Exception {
        Jrr.Result r = new Jrr("bad-missing").run("record", "/no/such/program");
        assertOneLineError(r, "no such file");
        assertEquals(127, r.status());
        assertOneLineError(new Jrr("bad-missing").run("record", "no-such-command-xyz"), "command not found");
    }

    @Test
    void nonExecutableProgram() throws Exception {
        Jrr jrr = new Jrr("bad-noexec");
        Path f = jrr.traces.resolve("not-executable");
        Files.writeString(f, "#!/bin/sh\necho hi\n");
        Jrr.Result r = jrr.run("record", f.toString());
        assertOneLineError(r, "not executable");
        assertEquals(126, r.status());
    }

    @Test
    void replayOfMissingDirectory() throws Exception {
        assertOneLineError(new Jrr("bad-nodir").run("replay", "-a", "/no/such/trace"), "no such trace");
    }

    @Test
    void replayWithNoTraceAtAll() throws Exception {
        assertOneLineError(new Jrr("bad-empty-store").run("replay", "-a"), "no latest trace");
    }

    @Test
    void replayOfDirectoryThatIsNotATrace() throws Exception {
        Jrr jrr = new Jrr("bad-notatrace");
        Path dir = Files.createDirectories(jrr.traces.resolve("plain-dir"));
        Files.writeString(dir.resolve("file"), "x");
        assertOneLineError(jrr.run("replay", "-a", dir.toString()), "not a jrr trace");
    }

    /** Records big_output (many blocks) and returns the trace directory. */
    private static Path recordBig(Jrr jrr) throws Exception {
        Jrr.Result rec = jrr.run("record", "-q", Jrr.program("big_output"));
        assertEquals(0, rec.status(), rec::toString);
        return jrr.traces.resolve("latest-trace").toRealPath();
    }

    @Test
    void truncatedTraceReplaysToItsLastCompleteEvent() throws Exception {
        Jrr jrr = new Jrr("bad-truncated");
        byte[] input = new byte[8 << 20]; // incompressible reads: a trace of several blocks
        new java.util.Random(42).nextBytes(input);
        Jrr.Result rec = jrr.runWith(Map.of(), input, "record", "-q", Jrr.program("stdin_echo"));
        assertEquals(0, rec.status(), rec::toString);
        Path events = jrr.traces.resolve("latest-trace").toRealPath().resolve("events");
        long size = Files.size(events);
        try (RandomAccessFile f = new RandomAccessFile(events.toFile(), "rw")) {
            f.setLength(size * 2 / 3);
        }
        Jrr.Result r = jrr.run("replay", "-a");
        assertNotEquals(0, r.status(), r::toString);
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains("diverged"), r::toString);
        var m = java.util.regex.Pattern.compile("cut short: replayed (\\d+) events").matcher(r.stderr());
        assertTrue(m.find(), r::toString);
        assertTrue(Integer.parseInt(m.group(1)) > 10, () -> "replays up to the cut: " + r);
        Jrr.Result dump = jrr.run("dump");
        assertEquals(1, dump.status(), dump::toString); // what is there, and a non-zero exit: it is not all
        assertTrue(dump.stdout().strip().endsWith("the recording did not finish"), dump::toString);
        assertTrue(dump.stderr().startsWith("jrr: the trace ") && dump.stderr().contains("was cut short"),
                dump::toString);
        try (RandomAccessFile f = new RandomAccessFile(events.toFile(), "rw")) {
            f.setLength(0); // emptied: no events at all
        }
        Jrr.Result empty = jrr.run("dump");
        assertEquals(1, empty.status(), empty::toString);
        assertEquals(1, empty.stderr().lines().count(), empty::toString);
    }

    /** An events file put with another trace's header, and a version file that is not text: one line each. */
    @Test
    void mismatchedOrDamagedTraceFilesAreNamed() throws Exception {
        Jrr jrr = new Jrr("bad-swapped");
        assertEquals(0, jrr.run("record", "-q", Jrr.program("hello")).status());
        Path first = jrr.traces.resolve("latest-trace").toRealPath();
        assertEquals(0, jrr.run("record", "-q", Jrr.program("hello")).status());
        Path second = jrr.traces.resolve("latest-trace").toRealPath();
        Files.copy(second.resolve("events"), first.resolve("events"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (String command : List.of("dump", "replay")) {
            Jrr.Result r = command.equals("dump") ? jrr.run("dump", first.toString())
                    : jrr.run("replay", "-a", first.toString());
            assertNotEquals(0, r.status(), r::toString);
            assertTrue(r.stderr().contains("belongs to another trace"), r::toString);
            assertEquals(1, r.stderr().lines().count(), r::toString);
        }
        Files.write(second.resolve("version"), new byte[] {(byte) 0xff, (byte) 0xfe});
        Jrr.Result v = jrr.run("replay", "-a", second.toString());
        assertNotEquals(0, v.status(), v::toString);
        assertTrue(v.stderr().contains("version file") && v.stderr().contains("is not text"), v::toString);
    }

    @Test
    void corruptedTraceIsAClearError() throws Exception {
        Jrr jrr = new Jrr("bad-corrupt");
        Path trace = recordBig(jrr);
        Path events = trace.resolve("events");
        try (RandomAccessFile f = new RandomAccessFile(events.toFile(), "rw")) {
            for (long at = 100; at < f.length(); at += 997) {
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x5a);
            }
        }
        Jrr.Result r = jrr.run("replay", "-a");
        assertNotEquals(0, r.status(), r::toString);
        String last = r.stderr().strip();
        assertTrue(last.contains("corrupt") && last.contains("events"), r::toString);
        assertFalse(last.contains("\tat "), r::toString);
        Jrr.Result dump = jrr.run("dump");
        assertNotEquals(0, dump.status(), dump::toString);
        assertTrue(dump.stderr().contains("offset"), dump::toString);
    }

    @Test
    void corruptedHeaderIsAClearError() throws Exception {
        Jrr jrr = new Jrr("bad-header");
        Path trace = recordBig(jrr);
        Files.write(trace.resolve("header"), new byte[] {1, 2, 3});
        assertOneLineError(jrr.run("replay", "-a"), "header");
    }

    /** Waits until jrr's process {@code p} runs a tracee whose command line contains {@code command}. */
    private static void awaitTracee(Process p, String command) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (p.descendants().noneMatch(h -> h.info().commandLine().orElse("").contains(command))) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "the recorded program never started");
            Thread.sleep(50);
        }
    }

    @Test
    void sigtermDuringRecordLeavesAReplayableTrace() throws Exception {
        Jrr jrr = new Jrr("bad-sigterm");
        Process p = jrr.start(Map.of(), List.of("record", "-q", "sleep", "60"));
        awaitTracee(p, "sleep 60");
        Thread.sleep(300); // past its exec: the recording is under way
        p.toHandle().destroy(); // SIGTERM to jrr
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "jrr must stop after SIGTERM");
        Jrr.Result r = jrr.run("replay", "-a");
        assertFalse(r.stderr().contains("diverged"), r::toString);
        assertEquals(137, r.status(), () -> "the tracee was killed by SIGKILL: " + r);
        Jrr.Result dump = jrr.run("dump");
        assertTrue(dump.stdout().strip().endsWith("exit killed by SIGKILL"), dump::toString);
    }

    @Test
    void sigtermDuringRecordKillsTheWholeTree() throws Exception {
        Jrr jrr = new Jrr("bad-sigterm-tree");
        String marker = "jrr-tree-" + ProcessHandle.current().pid();
        // a shell with two children; the marker names the tree so the test can look for survivors
        Process p = jrr.start(Map.of(), List.of("record", "-q", "sh", "-c",
                "sleep 60 | cat; echo " + marker));
        awaitTracee(p, "sleep 60");
        Thread.sleep(300);
        p.toHandle().destroy(); // SIGTERM to jrr
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "jrr must stop after SIGTERM");
        Thread.sleep(200);
        assertEquals(0, ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("")
                .contains("sleep 60")).count(), "every process of the tree must be gone");
        Jrr.Result r = jrr.run("replay", "-a");
        assertFalse(r.stderr().contains("diverged"), r::toString);
        assertEquals(137, r.status(), () -> "the shell was killed by SIGKILL: " + r);
        Jrr.Result ps = jrr.run("ps");
        assertEquals(3, ps.stdout().lines().filter(l -> l.contains("SIGKILL")).count(), ps::toString);
    }

    @Test
    void aTickProviderThatCannotWorkHereIsRefusedClearly() throws Exception {
        Jrr jrr = new Jrr("bad-hpc");
        // no PMU on the machines this runs on: perf says why; where one exists, it records
        Jrr.Result perf = jrr.run("record", "-q", "--hpc", "perf", Jrr.program("hello"));
        if (perf.status() != 0) {
            assertOneLineError(perf, "tick provider 'perf' cannot work here");
        } else {
            System.out.println("this machine has a working PMU: --hpc perf recorded");
        }
        assertOneLineError(jrr.run("record", "-q", "--hpc", "nosuch", Jrr.program("hello")),
                "no tick provider named 'nosuch'");
    }

    @Test
    void aBadSnapshotIntervalIsRefusedClearly() throws Exception {
        Jrr jrr = new Jrr("bad-interval");
        assertEquals(0, jrr.run("record", "-q", Jrr.program("hello")).status());
        Jrr.Result r = jrr.runWith(java.util.Map.of("JRR_CHECKPOINT_INTERVAL", "often"), null, "replay", "--",
                "-batch", "-nx");
        assertOneLineError(r, "JRR_CHECKPOINT_INTERVAL must be a number of events");
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        Jrr.Result r = new Jrr("bad-option").run("replay", "--no-such-option");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.stderr().startsWith("jrr: "), r::toString);
    }
}
