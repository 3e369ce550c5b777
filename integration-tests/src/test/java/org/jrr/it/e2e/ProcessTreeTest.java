package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Threads, process trees and signals: the project's own programs (one behaviour each) and real trees (a shell
 * pipeline, a parallel make, Python threads, a JVM), each recorded once and replayed twice identically.
 */
class ProcessTreeTest {
    private static final String PYTHON_THREADS = String.join("\n",
            "import threading, time",
            "out = []",
            "lock = threading.Lock()",
            "def work(i):",
            "    for j in range(5):",
            "        time.sleep(0.001 * ((i + j) % 3 + 1))",
            "        with lock:",
            "            out.append(i)",
            "ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]",
            "for t in ts: t.start()",
            "for t in ts: t.join()",
            "print('order', ''.join(map(str, out)))",
            "print('EXIT-SUCCESS')");

    private static final String MAKEFILE = String.join("\n",
            "all: a.out b.out c.out d.out",
            "\t@cat a.out b.out c.out d.out | sort",
            "%.out:",
            "\t@echo \"built $@ by $$$$\" > $@",
            "");

    static Stream<Arguments> programs() throws Exception {
        Path make = Files.createDirectories(Jrr.WORK.toAbsolutePath().resolve("make-j2"));
        Files.writeString(make.resolve("Makefile"), MAKEFILE);
        try (var old = Files.list(make)) {
            for (Path p : old.filter(p -> p.toString().endsWith(".out")).toList()) {
                Files.delete(p);
            }
        }
        return Stream.of(
                own("threads"), own("fork_pipe_wait"), own("signals"), own("restarts"), own("timer_loop"),
                own("spin_token"), own("scratch_read"), own("exec_thread"), own("stop_cont"), own("faults"), own("prio_yield"),
                own("exit_busy_threads"), own("shared_anon"), own("pid_namespace"), own("signal_corners"), own("group_stop"), own("thread_output"),
                Arguments.of("mutex_pingpong", List.of(Jrr.program("mutex_pingpong"), "3000"), 0, "counter 6000"),
                // -w: the recording waits for the processes the first one left
                Arguments.of("orphan", List.of("-w", Jrr.program("orphan")), 3, "grandchild"),
                Arguments.of("daemon, waited for", List.of("-w", Jrr.program("daemon"), "1"), 0, "EXIT-SUCCESS"),
                Arguments.of("sh pipeline", List.of("sh", "-c", "ls /usr/bin | sort | head"), 0, "\n"),
                Arguments.of("make -j2", List.of("make", "-s", "-j2", "-B", "-C", make.toString()), 0,
                        "built d.out"),
                Arguments.of("python threads", List.of("python3", "-c", PYTHON_THREADS), 0, "EXIT-SUCCESS"),
                // a JVM: dozens of threads, futexes, signals for its own use, a mapped class-data archive
                Arguments.of("java --version", List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "--version"), 0, "Runtime Environment"));
    }

    private static Arguments own(String name) {
        return Arguments.of(name, List.of(Jrr.program(name)), 0, "EXIT-SUCCESS");
    }

    @Test
    void theRecordingEndsWithTheFirstProcessAndKillsWhatItLeft() throws Exception {
        Jrr jrr = new Jrr("daemon-left");
        long start = System.nanoTime();
        Jrr.Result rec = jrr.run("record", "-q", Jrr.program("daemon"), "60");
        assertEquals(0, rec.status(), rec::toString);
        assertTrue(System.nanoTime() - start < 40_000_000_000L, "the recording waited for the daemon: " + rec);
        assertTrue(rec.stderr().contains("process(es) it left running"), rec::toString);
        assertFalse(rec.stdout().contains("daemon woke"), rec::toString);
        Jrr.Result rep = jrr.run("replay", "-a");
        assertEquals(0, rep.status(), rep::toString);
        assertEquals(rec.stdout(), rep.stdout(), rep::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void recordsAndReplaysIdentically(String name, List<String> command, int status, String token)
            throws Exception {
        RecordReplayTest.recordAndReplayTwice(name, command, Map.of(), null, status, token);
    }
}
