package org.jrr.hpc.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jrr.api.hpc.Availability;
import org.jrr.api.hpc.TickCounter;
import org.jrr.hpc.perf.counter.BranchLoop;
import org.jrr.hpc.perf.counter.PerfTickCounter;
import org.jrr.hpc.perf.counter.Pmu;
import org.jrr.hpc.perf.cpu.CpuSignature;
import org.jrr.linux.Linux;
import org.jrr.linux.perf.PerfEvents;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider on this machine's real CPU and kernel. Where there is no usable PMU (most VMs, this project's
 * build machines) the tests that need one skip and print why; the others check what holds everywhere.
 */
class PerfHardwareTest {
    @TempDir
    static Path cache;
    private static Linux linux;
    private static PerfProvider provider;

    @BeforeAll
    static void setUp() {
        linux = new Linux(PerfHardwareTest.class.getClassLoader()::getResource, cache);
        provider = new PerfProvider(linux, new PerfEvents());
    }

    /** Skips the calling test, printing the reason, unless the PMU works here. */
    private static void assumePmu() {
        Availability a = provider.probe();
        if (!a.available()) {
            System.out.println("skipped: " + a.reason());
        }
        Assumptions.assumeTrue(a.available(), a.reason());
    }

    @Test
    void probeNeverThrowsAndExplains() {
        Availability a = provider.probe();
        System.out.println("perf probe: " + (a.available() ? "available: " : "unavailable: ") + a.reason());
        assertFalse(a.reason().isBlank());
        assertFalse(a.reason().contains("\n"), "one line");
        assertEquals(a, provider.probe(), "the same answer every time");
    }

    @Test
    void withoutACpuPmuTheReasonSaysSo() {
        List<String> pmus = Pmu.listed(Pmu.DEVICES);
        Assumptions.assumeFalse(pmus.isEmpty() || Pmu.find(Pmu.DEVICES).isPresent(),
                "the kernel lists a cpu PMU (or none at all) here");
        Availability a = provider.probe();
        assertFalse(a.available());
        if (provider.microarch().isPresent()) { // else the CPU itself is unknown, which is said first
            assertTrue(a.reason().startsWith("no hardware PMU visible (perf_event_open: "), a.reason());
            assertTrue(a.reason().contains("the kernel lists no cpu PMU, only " + String.join(", ", pmus)), a.reason());
        }
    }

    @Test
    void cpuidAgreesWithTheKernel() throws IOException {
        Map<String, String> info = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().takeWhile(l -> !l.isBlank())
                .filter(l -> l.contains(":")).collect(Collectors.toMap(l -> l.substring(0, l.indexOf(':')).trim(),
                        l -> l.substring(l.indexOf(':') + 1).trim(), (x, y) -> x));
        CpuSignature cpu = CpuSignature.of(linux::cpuid);
        System.out.println("this CPU: " + cpu + ", " + provider.microarch().map(m -> m.name() + ", skid " + m.skid())
                .orElse("not in the table"));
        assertEquals(info.get("vendor_id"), cpu.vendor());
        assertEquals(Integer.parseInt(info.get("cpu family")), cpu.family());
        assertEquals(Integer.parseInt(info.get("model")), cpu.model());
        assertEquals(Integer.parseInt(info.get("stepping")), cpu.stepping());
    }

    @Test
    void countsThisThreadsBranches() throws IOException {
        assumePmu();
        int tid = Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        // No interruptAfter here: an overflow would signal this JVM thread.
        try (TickCounter c = provider.open(tid)) {
            long before = c.ticks();
            BranchLoop.run(1_000_000);
            long after = c.ticks();
            assertTrue(after - before > 0, "counted " + (after - before) + " branches");
        }
    }

    @Test
    void interruptsATaskBeforeTheTarget() throws Exception {
        assumePmu();
        Process p = new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start();
        try (TickCounter c = provider.open((int) p.pid())) {
            long target = 10_000_000;
            c.interruptAfter(target);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "no overflow signal reached the task");
            assertEquals(128 + PerfTickCounter.TIME_SLICE_SIGNAL, p.exitValue(), "killed by SIGSTKFLT");
            long at = c.ticks();
            System.out.println("overflow armed for " + target + " ticks arrived at " + at + " (skid "
                    + provider.skid() + ")");
            assertTrue(at >= target - provider.skid(), "interrupted early, at " + at);
        } finally {
            p.destroyForcibly();
        }
    }
}
