package org.jrr.kernel.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.jrr.api.JrrException;
import org.jrr.api.Names;
import org.jrr.api.hpc.Availability;
import org.jrr.api.hpc.HpcProvider;
import org.jrr.api.session.SystemCheck;
import org.jrr.kernel.services.KernelServices;
import org.jrr.kernel.task.Cpus;
import org.jrr.linux.Linux;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link SystemCheck} service ({@code jrr doctor}): what this machine offers a ptrace recorder, found by
 * reading /proc and /sys and by really tracing a short-lived child, and what jrr does as a result. Nothing is
 * left behind: the child is killed before it runs anything.
 */
@Component(service = SystemCheck.class)
public final class MachineCheck implements SystemCheck {
    /** An installed tick provider with its service properties. */
    private record Installed(HpcProvider provider, String name, int ranking) {
    }

    private final KernelServices services;
    /** Tracked here as well as in KernelServices, which only hands out the one it picks. */
    private final List<Installed> providers = new CopyOnWriteArrayList<>();

    @Activate
    public MachineCheck(@Reference KernelServices services) {
        this.services = services;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeProvider")
    void addProvider(HpcProvider p, Map<String, Object> props) {
        Object name = props.get(Names.NAME);
        Object ranking = props.get("service.ranking");
        providers.add(new Installed(p, name == null ? p.name() : name.toString(),
                ranking instanceof Integer i ? i : 0));
    }

    void removeProvider(HpcProvider p) {
        providers.removeIf(i -> i.provider() == p);
    }

    /** Null if this process may open a context-switch counter as the preload library does, else why not. */
    private String deschedFailure() {
        var attr = org.jrr.linux.perf.PerfEventAttr.of(org.jrr.linux.perf.PerfEventAttr.TYPE_SOFTWARE,
                org.jrr.linux.perf.PerfEventAttr.SW_CONTEXT_SWITCHES).withSamplePeriod(1)
                .with(org.jrr.linux.perf.PerfFlag.DISABLED);
        try (var e = services.perf().open(attr, 0, -1, -1)) {
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    @Override
    public List<Finding> check() {
        Linux linux = services.linux();
        String status = read("/proc/self/status");
        String seccomp = statusField(status, "Seccomp");
        boolean root = "0".equals(euid(statusField(status, "Uid")));
        long capEff = hex(statusField(status, "CapEff"));
        int cpu = Cpus.choose(linux);
        TraceeProbe.Result probe = TraceeProbe.run(linux, cpu);

        String defaultProvider = null;
        String noProvider = null;
        try {
            defaultProvider = services.hpc(null).name();
        } catch (JrrException e) {
            noProvider = e.getMessage();
        }
        List<Installed> installed = providers.stream()
                .sorted(Comparator.comparingInt(Installed::ranking).reversed()).toList();

        List<Finding> out = new ArrayList<>();
        out.add(Findings.ptrace(probe, seccomp, trimmed(read("/proc/sys/kernel/yama/ptrace_scope")), root, capEff));
        out.add(Findings.pmu(eventSources(), defaultProvider));
        for (Installed i : installed) {
            Availability a;
            try {
                a = i.provider().probe();
            } catch (RuntimeException e) {
                a = Availability.no("its probe failed: " + e);
            }
            out.add(Findings.provider(i.name(), i.ranking(), a.available(), a.reason()));
        }
        out.add(Findings.tickProvider(defaultProvider, noProvider, installed.stream().map(Installed::name).toList()));
        out.add(Findings.perfEvents(integer(read("/proc/sys/kernel/perf_event_paranoid")), root, capEff));
        out.add(Findings.cpuidFaulting(cpuinfoHas("cpuid_fault"), probe));
        out.add(Findings.rdtsc(probe));
        out.add(Findings.seccomp(read("/proc/sys/kernel/seccomp/actions_avail"), seccomp));
        out.add(Findings.syscallBuffer(services.syscallBuffer().isPresent(), deschedFailure()));
        out.add(Findings.cpu(allowedCpus(linux), System.getenv("JRR_CPU"), probe.cpu()));
        return out;
    }

    private static BitSet allowedCpus(Linux linux) {
        try {
            return linux.allowedCpus();
        } catch (RuntimeException e) {
            return new BitSet();
        }
    }

    /** The entries of /sys/bus/event_source/devices, sorted; null if it cannot be listed. */
    private static List<String> eventSources() {
        try (Stream<Path> s = Files.list(Path.of("/sys/bus/event_source/devices"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the first CPU's {@code flags} line in /proc/cpuinfo lists {@code flag}. */
    private static boolean cpuinfoHas(String flag) {
        String info = read("/proc/cpuinfo");
        if (info == null) {
            return false;
        }
        return info.lines().filter(l -> l.startsWith("flags")).findFirst()
                .map(l -> List.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")).contains(flag))
                .orElse(false);
    }

    /** A whole small file, or null if it cannot be read. */
    static String read(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The value of {@code key:} in a /proc/PID/status text, or null. */
    static String statusField(String status, String key) {
        if (status == null) {
            return null;
        }
        return status.lines().filter(l -> l.startsWith(key + ":")).findFirst()
                .map(l -> l.substring(key.length() + 1).trim()).orElse(null);
    }

    /** The effective uid from a {@code Uid:} field (real, effective, saved, fs). */
    static String euid(String uidField) {
        if (uidField == null) {
            return null;
        }
        String[] ids = uidField.split("\\s+");
        return ids.length > 1 ? ids[1] : ids[0];
    }

    static long hex(String s) {
        try {
            return s == null ? 0 : Long.parseUnsignedLong(s, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
