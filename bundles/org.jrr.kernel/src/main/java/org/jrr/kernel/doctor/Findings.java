package org.jrr.kernel.doctor;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.jrr.api.session.SystemCheck.Finding;

/**
 * Turns what was measured into findings: what is there, and what jrr does about it. Pure functions of the facts,
 * so each wording can be tested without the machine it describes.
 */
final class Findings {
    /** The names a front end may look for: recording needs both to be ok. */
    static final String PTRACE = "ptrace", TICK_PROVIDER = "tick provider";
    static final String PMU = "PMU", PERF = "perf events", CPUID = "CPUID faulting", RDTSC = "rdtsc trapping",
            SECCOMP = "seccomp", CPU = "CPU";
    static final String NONE_EFFECT = "tasks switch only at syscalls, and a task spinning without syscalls is"
            + " preempted at best-effort points";
    private static final int CAP_SYS_ADMIN = 21, CAP_PERFMON = 38;

    private Findings() {
    }

    /**
     * @param probe      the tracee probe's result
     * @param seccomp    the {@code Seccomp:} field of jrr's own /proc/self/status (null if unknown)
     * @param yamaScope  /proc/sys/kernel/yama/ptrace_scope (null if there is no Yama)
     * @param root       whether jrr runs with euid 0
     * @param capEff     jrr's effective capabilities
     */
    static Finding ptrace(TraceeProbe.Result probe, String seccomp, String yamaScope, boolean root, long capEff) {
        if (probe.seized()) {
            return new Finding(PTRACE, true, "seize and stop a child: works", "");
        }
        List<String> why = new ArrayList<>();
        why.add(probe.failure());
        if ("2".equals(seccomp)) {
            why.add("jrr itself runs under a seccomp filter (Seccomp: 2 in /proc/self/status), as in a container"
                    + " sandbox, which may forbid ptrace");
        } else if ("1".equals(seccomp)) {
            why.add("jrr itself runs in strict seccomp mode");
        }
        if (yamaScope != null) {
            switch (yamaScope) {
                case "3" -> why.add("Yama ptrace_scope=3 forbids ptrace entirely until the next reboot");
                case "2" -> why.add("Yama ptrace_scope=2 allows ptrace only with CAP_SYS_PTRACE"
                        + (hasCap(capEff, 19) ? "" : ", which jrr does not have"));
                default -> why.add("Yama ptrace_scope=" + yamaScope + " (allows tracing one's own children)");
            }
        }
        if (!root && probe.failure() != null && probe.failure().contains("errno 1)")) {
            why.add("jrr is not root");
        }
        return new Finding(PTRACE, false, "cannot seize and stop a child: " + String.join("; ", why),
                "jrr cannot record or replay here");
    }

    /**
     * @param sources         the entries of /sys/bus/event_source/devices, or null if it cannot be read
     * @param defaultProvider the tick provider recording uses by default, or null if none is available
     */
    static Finding pmu(List<String> sources, String defaultProvider) {
        String effect = defaultProvider == null ? "no tick provider is available, so nothing can be recorded"
                : "none".equals(defaultProvider) ? "recording uses the 'none' tick provider: " + NONE_EFFECT
                : "recording uses the '" + defaultProvider + "' tick provider";
        if (sources == null) {
            return new Finding(PMU, false, "not available: /sys/bus/event_source/devices cannot be read", effect);
        }
        List<String> cpu = sources.stream().filter(s -> s.equals("cpu") || s.startsWith("cpu_")).toList();
        if (cpu.isEmpty()) {
            return new Finding(PMU, false, "not available: no hardware performance counters (event sources: "
                    + (sources.isEmpty() ? "none" : String.join(", ", sources)) + "; no cpu PMU)", effect);
        }
        if ("none".equals(defaultProvider)) {
            effect = "no installed tick provider uses it, so " + effect;
        }
        return new Finding(PMU, true, "hardware performance counters (event source " + String.join(", ", cpu)
                + ")", effect);
    }

    /** One installed tick provider and its probe. */
    static Finding provider(String name, int ranking, boolean available, String reason) {
        return new Finding("hpc " + name, available, (available ? "available" : "not available")
                + " (ranking " + ranking + "): " + reason, "");
    }

    /**
     * @param defaultProvider the provider {@code KernelServices.hpc(null)} chose, or null
     * @param failure         why there is none (null if there is one)
     * @param installed       the installed providers' names
     */
    static Finding tickProvider(String defaultProvider, String failure, List<String> installed) {
        String names = installed.isEmpty() ? "none is installed"
                : "installed: " + String.join(", ", installed.stream().map(n -> "'" + n + "'").toList());
        if (defaultProvider == null) {
            return new Finding(TICK_PROVIDER, false, failure + " (" + names + ")", "nothing can be recorded");
        }
        return new Finding(TICK_PROVIDER, true, "recording uses '" + defaultProvider
                + "' by default, the highest-ranked available one (" + names + "; --hpc NAME picks another)", "");
    }

    /**
     * @param paranoid /proc/sys/kernel/perf_event_paranoid, or null if it cannot be read
     * @param root     whether jrr runs with euid 0
     * @param capEff   jrr's effective capabilities
     */
    static Finding perfEvents(Integer paranoid, boolean root, long capEff) {
        String setting = paranoid == null ? "perf_event_paranoid unknown" : "perf_event_paranoid=" + paranoid;
        String privileged = root ? "as root" : hasCap(capEff, CAP_PERFMON) ? "with CAP_PERFMON"
                : hasCap(capEff, CAP_SYS_ADMIN) ? "with CAP_SYS_ADMIN" : null;
        if (privileged != null) {
            return new Finding(PERF, true, setting + ", which does not restrict jrr: it runs " + privileged,
                    "");
        }
        if (paranoid != null && paranoid <= 1) {
            return new Finding(PERF, true, setting + ": any user may open software events that count kernel"
                    + " activity, such as context switches", "");
        }
        String who = "jrr is not root and has neither CAP_PERFMON nor CAP_SYS_ADMIN";
        String fix = "; run as root, or lower it with sysctl kernel.perf_event_paranoid=1";
        if (paranoid != null && paranoid >= 3) {
            return new Finding(PERF, false, setting + " and " + who + ": perf_event_open is refused entirely",
                    "no perf-based tick provider and no context-switch (desched) events can be used; the 'none'"
                            + " provider needs neither" + fix);
        }
        return new Finding(PERF, false, setting + " and " + who + ": only events that exclude the kernel may be"
                + " opened", "software context-switch events (desched) need perf_event_paranoid<=1 or root, so"
                + " they cannot be used: the syscall buffer traces the syscalls that may block" + fix);
    }

    /**
     * @param installed   whether a syscall buffer bundle is running
     * @param deschedFail null if a context-switch counter could be opened here, else why not
     */
    static Finding syscallBuffer(boolean installed, String deschedFail) {
        if (!installed) {
            return new Finding("syscall buffer", false, "no syscall buffer is installed",
                    "every syscall is traced (slower); is the org.jrr.syscallbuf bundle running?");
        }
        if (deschedFail != null) {
            return new Finding("syscall buffer", true, "installed; no context-switch counter (" + deschedFail + ")",
                    "cheap syscalls are buffered; those that may block (futex waits, pipe reads) are traced");
        }
        return new Finding("syscall buffer", true, "installed, with desched (a context-switch counter per thread)",
                "cheap syscalls are buffered, those that may block too: one that blocks becomes a traced syscall at"
                        + " once; 'jrr record -n' traces every syscall");
    }

    /**
     * @param cpuinfoFlag whether /proc/cpuinfo lists {@code cpuid_fault}
     * @param probe       the tracee probe's result, whose arch_prctl(ARCH_SET_CPUID) answer is the real one
     */
    static Finding cpuidFaulting(boolean cpuinfoFlag, TraceeProbe.Result probe) {
        String flag = cpuinfoFlag ? "/proc/cpuinfo lists cpuid_fault" : "/proc/cpuinfo has no cpuid_fault flag";
        String noEffect = "CPUID results are not recorded and RDRAND, RDSEED and TSX are not hidden from"
                + " programs; traces replay on this machine only";
        String yesEffect = "jrr traps CPUID in the programs it records, records the results and hides RDRAND,"
                + " RDSEED and TSX";
        Long rc = probe.cpuidResult();
        if (rc == null) {
            String why = probe.cpuidFailure() != null ? probe.cpuidFailure()
                    : probe.failure() != null ? probe.failure() : "no test tracee";
            return new Finding(CPUID, cpuinfoFlag, flag + " (not confirmed with arch_prctl: " + why + ")",
                    cpuinfoFlag ? yesEffect : noEffect);
        }
        if (rc == 0) {
            return new Finding(CPUID, true, "supported: arch_prctl(ARCH_SET_CPUID) works in a tracee (" + flag + ")",
                    yesEffect);
        }
        String answer = rc == -TraceeProbe.ENODEV ? "ENODEV" : "error " + -rc;
        return new Finding(CPUID, false, "not supported: arch_prctl(ARCH_SET_CPUID) in a tracee gives " + answer
                + (cpuinfoFlag ? ", although " + flag : " (" + flag + ")"), noEffect);
    }

    static Finding rdtsc(TraceeProbe.Result probe) {
        String effect = "jrr's launcher turns it on in the programs it records; jrr runs rdtsc/rdtscp for them"
                + " and records the values";
        if (probe.launched()) {
            return new Finding(RDTSC, true, "prctl(PR_SET_TSC, PR_TSC_SIGSEGV) works (jrr's launcher set it"
                    + " before it stopped)", effect);
        }
        if (probe.launchFailure() != null && probe.launchFailure().contains("PR_SET_TSC")) {
            return new Finding(RDTSC, false, "prctl(PR_SET_TSC, PR_TSC_SIGSEGV) failed in jrr's launcher",
                    "jrr cannot start programs here");
        }
        return new Finding(RDTSC, true, "prctl(PR_SET_TSC, PR_TSC_SIGSEGV) is always available on x86 Linux (not"
                + " confirmed: " + probe.launchFailure() + ")", effect);
    }

    /**
     * @param actions jrr's /proc/sys/kernel/seccomp/actions_avail, or null if absent
     * @param own     the {@code Seccomp:} field of jrr's own status (null if unknown)
     */
    static Finding seccomp(String actions, String own) {
        String self = "2".equals(own) ? "; jrr itself runs under a seccomp filter" : "";
        if (actions == null) {
            return new Finding(SECCOMP, false, "no seccomp filters (/proc/sys/kernel/seccomp/actions_avail is"
                    + " missing)" + self, "none needed yet: jrr stops at every syscall with ptrace");
        }
        boolean trace = List.of(actions.trim().split("\\s+")).contains("trace");
        return new Finding(SECCOMP, trace, trace ? "filters with SECCOMP_RET_TRACE are available" + self
                        : "filters are available, but not SECCOMP_RET_TRACE (actions: " + actions.trim() + ")" + self,
                "not used yet: jrr stops at every syscall with ptrace");
    }

    /**
     * @param allowed the CPUs jrr may run on
     * @param forced  the JRR_CPU environment variable (null if unset)
     * @param probed  the CPU the probe ran on
     */
    static Finding cpu(BitSet allowed, String forced, int probed) {
        String set = ranges(allowed);
        String detail = forced != null && forced.matches("\\d+")
                ? "JRR_CPU=" + forced + " pins every session to CPU " + forced + " (may run on " + set + ")"
                : allowed.cardinality() <= 1 ? "CPU " + set + ", the only one jrr may run on"
                : "each session picks one of CPUs " + set + " at random (JRR_CPU=n picks one); this check used "
                + probed;
        boolean ok = forced == null || !forced.matches("\\d+") || allowed.get(Integer.parseInt(forced));
        if (!ok) {
            return new Finding(CPU, false, detail + ", which jrr may not run on",
                    "recording and replay fail when they pin themselves there: unset JRR_CPU or pick one of " + set);
        }
        return new Finding(CPU, true, detail, "jrr's tracer thread and the programs it traces share that CPU,"
                + " since a ptrace stop across CPUs costs 25-50 times more");
    }

    /** "0-3,6". */
    static String ranges(BitSet cpus) {
        StringBuilder b = new StringBuilder();
        for (int i = cpus.nextSetBit(0); i >= 0; ) {
            int end = cpus.nextClearBit(i) - 1;
            b.append(b.isEmpty() ? "" : ",").append(i).append(end > i ? "-" + end : "");
            i = cpus.nextSetBit(end + 1);
        }
        return b.isEmpty() ? "none" : b.toString();
    }

    static boolean hasCap(long capEff, int cap) {
        return (capEff >>> cap & 1) != 0;
    }
}
