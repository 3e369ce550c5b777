package org.jrr.kernel.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import org.jrr.api.session.SystemCheck.Finding;
import org.junit.jupiter.api.Test;

/** The wording and verdict of each finding, for machines unlike the one the tests run on. */
class FindingsTest {
    private static final TraceeProbe.Result WORKED = new TraceeProbe.Result(1, true, null, true, null, -19L, null);
    private static final long ALL_CAPS = 0x1fffeffffffL;

    @Test
    void ptraceWorksOrSaysWhyNot() {
        assertTrue(Findings.ptrace(WORKED, "0", null, true, ALL_CAPS).ok());
        var eperm = new TraceeProbe.Result(0, true, null, false,
                "ptrace SEIZE 42: Operation not permitted (errno 1)", null, null);
        Finding f = Findings.ptrace(eperm, "2", "3", false, 0);
        assertFalse(f.ok());
        assertTrue(f.detail().contains("Operation not permitted"), f::toString);
        assertTrue(f.detail().contains("seccomp filter"), f::toString);
        assertTrue(f.detail().contains("ptrace_scope=3"), f::toString);
        assertTrue(f.detail().contains("not root"), f::toString);
        assertTrue(f.effect().contains("cannot record"), f::toString);
        assertTrue(Findings.ptrace(eperm, "0", "2", false, 0).detail().contains("CAP_SYS_PTRACE, which jrr does not"));
    }

    @Test
    void pmuAbsentMeansTheNoneProvider() {
        Finding f = Findings.pmu(List.of("breakpoint", "msr", "software", "tracepoint", "uprobe"), "none");
        assertFalse(f.ok());
        assertTrue(f.detail().startsWith("not available: no hardware performance counters"), f::toString);
        assertEquals("recording uses the 'none' tick provider: " + Findings.NONE_EFFECT, f.effect());
        Finding present = Findings.pmu(List.of("cpu_atom", "cpu_core", "software"), "perf");
        assertTrue(present.ok());
        assertTrue(present.detail().contains("cpu_atom, cpu_core"), present::toString);
        assertEquals("recording uses the 'perf' tick provider", present.effect());
        assertTrue(Findings.pmu(List.of("cpu"), "none").effect().startsWith("no installed tick provider uses it"));
        assertTrue(Findings.pmu(List.of(), null).effect().contains("nothing can be recorded"));
    }

    @Test
    void tickProviders() {
        Finding p = Findings.provider("perf", 10, false, "no PMU");
        assertEquals("hpc perf", p.name());
        assertEquals("not available (ranking 10): no PMU", p.detail());
        Finding d = Findings.tickProvider("none", null, List.of("perf", "none"));
        assertTrue(d.ok());
        assertTrue(d.detail().startsWith("recording uses 'none' by default"), d::toString);
        Finding missing = Findings.tickProvider(null, "no tick provider is available", List.of());
        assertFalse(missing.ok());
        assertEquals(Findings.TICK_PROVIDER, missing.name());
    }

    @Test
    void perfEventsDependOnParanoiaAndPrivilege() {
        assertTrue(Findings.perfEvents(2, true, ALL_CAPS).ok());
        assertTrue(Findings.perfEvents(2, false, 1L << 38).detail().contains("CAP_PERFMON"));
        assertTrue(Findings.perfEvents(1, false, 0).ok());
        Finding two = Findings.perfEvents(2, false, 0);
        assertFalse(two.ok());
        assertTrue(two.detail().startsWith("perf_event_paranoid=2 and jrr is not root"), two::toString);
        assertTrue(two.effect().contains("need perf_event_paranoid<=1 or root"), two::toString);
        assertTrue(Findings.perfEvents(3, false, 0).detail().contains("refused entirely"));
        assertFalse(Findings.perfEvents(null, false, 0).ok());
    }

    @Test
    void cpuidFaultingTrustsArchPrctlOverCpuinfo() {
        Finding enodev = Findings.cpuidFaulting(true, WORKED);
        assertFalse(enodev.ok());
        assertTrue(enodev.detail().contains("gives ENODEV, although /proc/cpuinfo lists cpuid_fault"), enodev::toString);
        assertTrue(enodev.effect().contains("traces replay on this machine only"), enodev::toString);
        var works = new TraceeProbe.Result(0, true, null, true, null, 0L, null);
        assertTrue(Findings.cpuidFaulting(true, works).ok());
        var noTracee = new TraceeProbe.Result(0, false, "cannot start", false, "cannot start", null, null);
        Finding flagOnly = Findings.cpuidFaulting(true, noTracee);
        assertTrue(flagOnly.ok());
        assertTrue(flagOnly.detail().contains("not confirmed"), flagOnly::toString);
    }

    @Test
    void rdtscSeccompAndCpu() {
        assertTrue(Findings.rdtsc(WORKED).ok());
        var tscFailed = new TraceeProbe.Result(0, false, "launcher ended (exited(126): prctl(PR_SET_TSC) failed)",
                false, "x", null, null);
        assertFalse(Findings.rdtsc(tscFailed).ok());
        assertTrue(Findings.seccomp("kill_process kill_thread trap errno user_notif trace log allow\n", "0").ok());
        assertFalse(Findings.seccomp("kill_process errno allow", "0").ok());
        assertFalse(Findings.seccomp(null, "0").ok());

        BitSet two = new BitSet();
        two.set(0, 2);
        Finding cpu = Findings.cpu(two, null, 1);
        assertTrue(cpu.ok());
        assertTrue(cpu.detail().contains("CPUs 0-1 at random"), cpu::toString);
        assertTrue(Findings.cpu(two, "1", 1).detail().startsWith("JRR_CPU=1 pins"));
        assertFalse(Findings.cpu(two, "5", 5).ok());
    }

    @Test
    void cpuRanges() {
        BitSet s = new BitSet();
        s.set(0, 4);
        s.set(6);
        s.set(8, 10);
        assertEquals("0-3,6,8-9", Findings.ranges(s));
        assertEquals("none", Findings.ranges(new BitSet()));
    }

    @Test
    void procStatusParsing() {
        String status = "Name:\tjava\nUid:\t1000\t0\t0\t0\nCapEff:\t000001fffeffffff\nSeccomp:\t2\n";
        assertEquals("2", MachineCheck.statusField(status, "Seccomp"));
        assertEquals("0", MachineCheck.euid(MachineCheck.statusField(status, "Uid")));
        long caps = MachineCheck.hex(MachineCheck.statusField(status, "CapEff"));
        assertTrue(Findings.hasCap(caps, 38) && Findings.hasCap(caps, 21) && !Findings.hasCap(caps, 24));
        assertEquals(null, MachineCheck.statusField(null, "Seccomp"));
    }
}
