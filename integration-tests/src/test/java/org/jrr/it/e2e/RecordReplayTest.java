package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's own test programs and real system programs, each recorded once and replayed twice with
 * {@code -a}: the same stdout and exit status every time, the expected token, and no divergence.
 */
class RecordReplayTest {
    static Stream<Arguments> programs() {
        return Stream.of(
                own("hello", "Hi"),
                own("file_io"), own("dirs"), own("stat_family"), own("time_vdso"), own("random"), own("rdtsc"),
                own("cpuid"), own("uname"), own("unknown_syscall"), own("syscall_corners"), own("small_corners"),
                own("address_corners"), own("ptrace_refused"), own("ptrace_debugger"), own("ptrace_syscalls"),
                own("ptrace_attach"), own("ptrace_breakpoint"), own("mmap_file"),
                own("brk_malloc"), own("proc_read"), own("big_output"),
                Arguments.of("syscall_mix", List.of(Jrr.program("syscall_mix"), "2000"), Map.of(), null, 0,
                        "calls 4250 digest"),
                Arguments.of("argv_env", List.of(Jrr.program("argv_env"), "one", "", "three words"),
                        Map.of("JRR_TEST_VAR", "set-by-test"), null, 0, "set-by-test"),
                Arguments.of("stdin_echo", List.of(Jrr.program("stdin_echo")), Map.of(),
                        "some input\nfor the tracee\n".repeat(1000), 0, "stdin bytes 26000"),
                Arguments.of("exit_code 3", List.of(Jrr.program("exit_code"), "3"), Map.of(), null, 3, "exiting with 3"),
                Arguments.of("exit_code abort", List.of(Jrr.program("exit_code"), "abort"), Map.of(), null, 134, ""),
                Arguments.of("exit_code segv", List.of(Jrr.program("exit_code"), "segv"), Map.of(), null, 139, ""),
                Arguments.of("exit_code gpf", List.of(Jrr.program("exit_code"), "gpf"), Map.of(), null, 139, "faulting"),
                Arguments.of("ls -la", List.of("ls", "-la", "/usr/lib"), Map.of(), null, 0, "x86_64-linux-gnu"),
                Arguments.of("sort", List.of("sort"), Map.of(), "pear\napple\nfig\n", 0, "apple\nfig\npear\n"),
                Arguments.of("cat /proc/self/status", List.of("cat", "/proc/self/status"), Map.of(), null, 0, "Pid:"),
                Arguments.of("sh -c 'exec date'", List.of("sh", "-c", "exec date +%s.%N"), Map.of(), null, 0, "."));
    }

    private static Arguments own(String name) {
        return own(name, "EXIT-SUCCESS");
    }

    private static Arguments own(String name, String token) {
        return Arguments.of(name, List.of(Jrr.program(name)), Map.of(), null, 0, token);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void recordsAndReplaysIdentically(String name, List<String> command, Map<String, String> env, String stdin,
                                      int status, String token) throws Exception {
        recordAndReplayTwice(name, command, env, stdin, status, token);
    }

    /** Records {@code command} once and replays it twice: same stdout and status each time, no divergence. */
    static void recordAndReplayTwice(String name, List<String> command, Map<String, String> env, String stdin,
                                     int status, String token) throws Exception {
        Jrr jrr = new Jrr("rr-" + name.replaceAll("[^A-Za-z0-9]+", "_"));
        String[] args = Stream.concat(Stream.of("record", "-q"), command.stream()).toArray(String[]::new);
        byte[] in = stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8);
        Jrr.Result rec = jrr.runWith(env, in, args);
        assertEquals(status, rec.status(), () -> "record: " + rec);
        assertTrue(rec.stdout().contains(token), () -> "record output lacks '" + token + "': " + rec);
        for (int i = 1; i <= 2; i++) {
            int run = i;
            Jrr.Result rep = jrr.run("replay", "-a");
            assertFalse(rep.stderr().contains("diverged"), () -> "replay " + run + ": " + rep);
            assertEquals(status, rep.status(), () -> "replay " + run + ": " + rep);
            assertEquals(rec.stdout(), rep.stdout(), () -> "replay " + run + " printed something else: " + rep);
        }
    }

    @org.junit.jupiter.api.Test
    void refusedCallsFailTheSameWayInReplayAndAreNotedOnce() throws Exception {
        Jrr jrr = new Jrr("rr-unknown-warning");
        Jrr.Result rec = jrr.run("record", "-q", Jrr.program("unknown_syscall"));
        assertEquals(0, rec.status(), rec::toString);
        for (String note : List.of("syscall_100000 is not supported under jrr (not a syscall jrr knows)",
                "syscall_1000 is not supported", "bpf is not supported", "ioctl request 0x5499 is not supported")) {
            assertEquals(1, rec.stderr().lines().filter(l -> l.contains(note)).count(), () -> note + ": " + rec);
        }
        for (String line : List.of("syscall 100000 again = -1 errno 38", "syscall 1000 = -1 errno 38",
                "bpf = -1 errno 38", "ioctl 0x5499 = -1 errno 25")) {
            assertTrue(rec.stdout().contains(line), () -> line + ": " + rec);
        }
        Jrr.Result rep = jrr.run("replay", "-a");
        assertEquals(rec.stdout(), rep.stdout(), rep::toString);
    }
}
