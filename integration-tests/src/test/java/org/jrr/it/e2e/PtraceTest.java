package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Programs that trace others under jrr, which emulates ptrace between the tasks it records: a real strace following
 * a shell's children, a real gdb at a breakpoint, and the requests still refused, named in a note and failing the
 * same way in replay. (ptrace_debugger, ptrace_syscalls, ptrace_attach and ptrace_breakpoint are recorded and
 * replayed by {@link RecordReplayTest}.)
 */
class PtraceTest {
    @Test
    void straceFollowsAShellsChildrenUnderJrr() throws Exception {
        Path strace = Path.of("/usr/bin/strace");
        Assumptions.assumeTrue(Files.isExecutable(strace), "strace is not installed (.ci/run installs it)");
        Jrr jrr = new Jrr("ptrace-strace");
        Path log = jrr.traces.resolve("strace.log");
        Jrr.Result rec = jrr.run("record", "-q", strace.toString(), "-f", "-o", log.toString(), "sh", "-c",
                "/bin/echo one; /bin/echo two");
        assertEquals(0, rec.status(), rec::toString);
        assertEquals("one\ntwo\n", rec.stdout(), rec::toString);
        List<String> lines = Files.readAllLines(log);
        // three processes traced from their first instruction: the shell and its two children, each exec'd
        assertEquals(3, lines.stream().filter(l -> l.matches("\\d+ +execve\\(.*= 0")).count(), () -> "" + lines);
        assertEquals(3, lines.stream().filter(l -> l.matches("\\d+ +\\+\\+\\+ exited with 0 \\+\\+\\+")).count(),
                () -> "" + lines);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d+ +write\\(1, \"two\\\\n\", 4\\) += 4")),
                () -> "" + lines);
        replaysTwiceAsRecorded(jrr, rec);
    }

    /**
     * gdb under jrr: it checks the kernel's ptrace features with children of its own, starts the program through a
     * shell, stops at a breakpoint (an int3 it writes through /proc/PID/task/TID/mem, a SIGTRAP it takes, the ip it
     * sets back), steps over a line and runs to the end. gdb's worker threads are off: they compute for long without
     * syscalls, and replaying where jrr switched between them without a tick counter is issue 16's.
     */
    @Test
    void gdbDebugsAProgramUnderJrr() throws Exception {
        Jrr jrr = new Jrr("ptrace-gdb");
        Jrr.Result rec = jrr.run("record", "-q", "gdb", "-nx", "-batch", "-iex", "maint set worker-threads 0",
                "-ex", "break main", "-ex", "run", "-ex", "bt", "-ex", "next", "-ex", "info registers rip", "-ex",
                "continue", "--args", Jrr.program("hello"));
        assertEquals(0, rec.status(), rec::toString);
        for (String line : List.of("Breakpoint 1, main () at hello.c:", "#0  main () at hello.c:",
                "rip            0x", "Hi\n", "EXIT-SUCCESS", "exited normally")) {
            assertTrue(rec.stdout().contains(line), () -> line + ": " + rec);
        }
        assertFalse(rec.stdout().contains("unexpected status"), rec::toString);
        replaysTwiceAsRecorded(jrr, rec);
    }

    @Test
    void requestsNotEmulatedAreRefusedAndNamed() throws Exception {
        Jrr jrr = new Jrr("ptrace-refused");
        Jrr.Result rec = jrr.run("record", "-q", Jrr.program("ptrace_refused"));
        assertEquals(0, rec.status(), rec::toString);
        for (String note : List.of("ptrace request 15 (PTRACE_SETFPREGS) is not supported",
                "ptrace request 16899 (PTRACE_SETSIGINFO) is not supported",
                "ptrace request 31 (PTRACE_SYSEMU) is not supported",
                "ptrace option PTRACE_O_TRACESECCOMP is not supported")) {
            assertEquals(1, rec.stderr().lines().filter(l -> l.contains(note)).count(), () -> note + ": " + rec);
        }
        for (String line : List.of("PTRACE_SETFPREGS = -1 (errno 38)", "PTRACE_SETSIGINFO = -1 (errno 38)",
                "PTRACE_SYSEMU = -1 (errno 38)", "PTRACE_SETOPTIONS(TRACESECCOMP) = -1 (errno 22)",
                "the child ended by signal 9")) {
            assertTrue(rec.stdout().contains(line), () -> line + ": " + rec);
        }
        replaysTwiceAsRecorded(jrr, rec);
    }

    /** Two replays of the latest trace, each printing what the recording printed, without a divergence. */
    private static void replaysTwiceAsRecorded(Jrr jrr, Jrr.Result rec) throws Exception {
        for (int i = 1; i <= 2; i++) {
            Jrr.Result rep = jrr.run("replay", "-a");
            assertFalse(rep.stderr().contains("diverged"), rep::toString);
            assertEquals(rec.status(), rep.status(), rep::toString);
            assertEquals(rec.stdout(), rep.stdout(), rep::toString);
        }
    }
}
