package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real jrr (the distribution's executable jar) as a user would, with its own trace directory. */
final class Jrr {
    static final Path JAR = Path.of(System.getProperty("jrr.jar", "../distribution/target/jrr.jar"));
    static final Path PROGRAMS = Path.of(System.getProperty("jrr.programs", "target/test-programs"));
    static final Path WORK = Path.of(System.getProperty("jrr.work", "target/e2e"));
    /** Options every {@code jrr record} of this run gets, e.g. {@code -n}. */
    static final String RECORD_FLAGS = System.getProperty("jrr.record.flags", "");

    /** What one jrr run did. */
    record Result(int status, String stdout, String stderr) {
        @Override
        public String toString() {
            return "status " + status + "\n--- stdout (" + stdout.length() + " chars, first 2000):\n"
                    + stdout.substring(0, Math.min(2000, stdout.length())) + "\n--- stderr:\n" + stderr;
        }
    }

    final Path traces;

    Jrr(String name) throws IOException {
        traces = WORK.toAbsolutePath().resolve(name);
        if (Files.exists(traces)) { // left by an earlier run
            try (var files = Files.walk(traces)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(traces);
    }

    static String program(String name) {
        return PROGRAMS.toAbsolutePath().resolve(name).toString();
    }

    /** Runs jrr with its stdout going to {@code stdout} (a file: some programs write files differently). */
    Result runTo(Path stdout, String... args) throws Exception {
        return runWith(Map.of(), null, stdout, args);
    }

    Process start(Map<String, String> env, List<String> args) throws IOException {
        return start(env, args, null);
    }

    private Process start(Map<String, String> env, List<String> args, Path stdout) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(args);
        if (!args.isEmpty() && args.get(0).equals("record") && !RECORD_FLAGS.isBlank()) {
            // the suite runs twice: with the syscall buffer (the default) and with every syscall traced (-n)
            List<String> flags = java.util.Arrays.stream(RECORD_FLAGS.trim().split("\\s+"))
                    .filter(f -> !args.contains(f)).toList();
            cmd.addAll(cmd.size() - args.size() + 1, flags);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JRR_TRACE_DIR", traces.toString());
        pb.environment().putAll(env);
        if (stdout != null) {
            pb.redirectOutput(stdout.toFile());
        }
        return pb.start();
    }

    Result run(String... args) throws Exception {
        return runWith(Map.of(), null, args);
    }

    Result runWith(Map<String, String> env, byte[] stdin, String... args) throws Exception {
        return runWith(env, stdin, null, args);
    }

    private Result runWith(Map<String, String> env, byte[] stdin, Path stdout, String... args) throws Exception {
        Process p = start(env, List.of(args), stdout);
        if (stdin != null) {
            p.getOutputStream().write(stdin);
        }
        p.getOutputStream().close();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var outText = new java.util.concurrent.CompletableFuture<String>();
        var errText = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> outText.complete(read(out)));
        Thread.ofVirtual().start(() -> errText.complete(read(err)));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("jrr " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), outText.get(10, TimeUnit.SECONDS), errText.get(10, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }
}
