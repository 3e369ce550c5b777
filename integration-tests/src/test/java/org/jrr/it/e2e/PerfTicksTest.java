package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recording with the perf tick provider: switches away from spinning tasks land at exact tick counts, which
 * replay reaches with the counter's interrupt and single steps. Needs a PMU; skipped, with jrr doctor's reason,
 * where there is none (the machines jrr is developed on). The seek's skid handling is unit-tested (TickSeekTest).
 */
class PerfTicksTest {
    private static String perfLine;

    @BeforeAll
    static void needsAPmu() throws Exception {
        Jrr.Result doctor = new Jrr("perf-doctor").run("doctor");
        perfLine = doctor.stdout().lines().filter(l -> l.contains("hpc perf")).findFirst().orElse("(no perf line)");
        boolean available = perfLine.trim().startsWith("ok");
        if (!available) {
            System.out.println("PerfTicksTest skipped: the perf tick provider cannot work here: " + perfLine.trim());
        }
        assumeTrue(available, () -> "needs a PMU: " + perfLine.trim());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spin_token", "prio_yield", "threads", "signals", "timer_loop", "shared_anon"})
    void recordsWithTicksAndReplaysIdentically(String program) throws Exception {
        Jrr jrr = new Jrr("perf-" + program);
        Jrr.Result rec = jrr.run("record", "-q", "--hpc", "perf", Jrr.program(program));
        assertEquals(0, rec.status(), rec::toString);
        assertFalse(rec.stderr().contains("best-effort"), rec::toString);
        Jrr.Result dump = jrr.run("dump");
        assertEquals(0, dump.status(), dump::toString);
        List<String> switches = dump.stdout().lines().filter(l -> l.contains("switch at")).toList();
        assertTrue(switches.stream().noneMatch(l -> l.contains("best-effort")), switches::toString);
        if (program.equals("spin_token")) {
            assertFalse(switches.isEmpty(), "spinning threads are switched by ticks: " + dump.stdout());
            assertTrue(switches.stream().allMatch(l -> l.contains("(ticks ")), switches::toString);
        }
        for (int i = 1; i <= 2; i++) {
            Jrr.Result rep = jrr.run("replay", "-a");
            assertEquals(0, rep.status(), rep::toString);
            assertEquals(rec.stdout(), rep.stdout(), rep::toString);
        }
    }
}
