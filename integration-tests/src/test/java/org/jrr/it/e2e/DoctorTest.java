package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code jrr doctor} on the machines jrr is developed on: KVM guests with no PMU and no CPUID faulting, where
 * jrr runs as root and ptrace works. It really traces a child, so this also checks that it leaves none behind.
 */
class DoctorTest {
    /** The line of the finding called {@code name}, with the "=> effect" line after it if there is one. */
    private static String finding(Jrr.Result r, String name) {
        List<String> lines = r.stdout().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("  (ok|--)   " + java.util.regex.Pattern.quote(name) + " +\\S.*")) {
                boolean effect = i + 1 < lines.size() && lines.get(i + 1).trim().startsWith("=> ");
                return lines.get(i) + (effect ? "\n" + lines.get(i + 1) : "");
            }
        }
        throw new AssertionError("no '" + name + "' finding in: " + r);
    }

    @Test
    void reportsThisMachine() throws Exception {
        Jrr.Result r = new Jrr("doctor").run("doctor");
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.stderr().strip(), r::toString);

        assertTrue(finding(r, "ptrace").startsWith("  ok   ptrace          seize and stop a child: works"), r::toString);

        // what the machine has decides what doctor must say: the report is checked against /sys and /proc
        String pmu = finding(r, "PMU");
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/sys/bus/event_source/devices/cpu"))) {
            assertTrue(pmu.startsWith("  ok   PMU "), r::toString);
        } else {
            assertTrue(pmu.startsWith("  --   PMU             not available: "), r::toString);
            assertTrue(pmu.contains("no hardware performance counters"), r::toString);
            assertTrue(pmu.contains("=> recording uses the 'none' tick provider"), r::toString);
            String ticks = finding(r, "tick provider");
            assertTrue(ticks.startsWith("  ok   tick provider   recording uses 'none' by default"), r::toString);
        }
        assertTrue(finding(r, "hpc none").startsWith("  ok "), r::toString);

        String cpuid = finding(r, "CPUID faulting");
        boolean faulting = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo"))
                .matches("(?s).*\\bcpuid_fault\\b.*");
        if (faulting) {
            assertTrue(cpuid.startsWith("  ok   CPUID faulting  supported"), r::toString);
        } else {
            assertTrue(cpuid.startsWith("  --   CPUID faulting  not supported: "), r::toString);
            assertTrue(cpuid.contains("ENODEV"), r::toString);
            assertTrue(cpuid.contains("=> CPUID results are not recorded"), r::toString);
        }

        assertTrue(finding(r, "perf events").contains("perf_event_paranoid="), r::toString);
        assertTrue(finding(r, "rdtsc trapping").startsWith("  ok "), r::toString);
        assertTrue(finding(r, "seccomp").startsWith("  ok "), r::toString);
        assertTrue(finding(r, "CPU").startsWith("  ok "), r::toString);

        List<String> lines = r.stdout().strip().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("jrr can record and replay here"), r::toString);

        assertNoProbeLeftBehind();
    }

    /** The probe's child (the launcher, stopped before it would exec /bin/true) must be killed and reaped. */
    private static void assertNoProbeLeftBehind() throws Exception {
        List<Long> left = probes();
        if (!left.isEmpty()) { // maybe someone else's recording of /bin/true, which is gone a moment later
            Thread.sleep(2000);
            List<Long> still = probes().stream().filter(left::contains).toList();
            assertTrue(still.isEmpty(), () -> "jrr doctor left its stopped probe behind: pids " + still);
        }
    }

    /** Stopped jrr launchers about to record /bin/true. */
    private static List<Long> probes() throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> cmdline(p).map(c -> c.endsWith("\0record\0/bin/true\0true\0")).orElse(false))
                    .filter(p -> state(p).map(s -> s.equals("T") || s.equals("t")).orElse(false))
                    .map(p -> Long.parseLong(p.getFileName().toString())).toList();
        }
    }

    private static Optional<String> cmdline(Path proc) {
        try {
            return Optional.of(new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> state(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            return Optional.of(stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
