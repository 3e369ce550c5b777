package org.jrr.hpc.perf;

import java.nio.file.Path;
import java.util.Optional;
import org.jrr.api.JrrException;
import org.jrr.api.hpc.Availability;
import org.jrr.api.hpc.HpcProvider;
import org.jrr.api.hpc.TickCounter;
import org.jrr.hpc.perf.counter.BranchLoop;
import org.jrr.hpc.perf.counter.OpenFailure;
import org.jrr.hpc.perf.counter.PerfTickCounter;
import org.jrr.hpc.perf.counter.Pmu;
import org.jrr.hpc.perf.counter.TicksEvent;
import org.jrr.hpc.perf.cpu.CpuSignature;
import org.jrr.hpc.perf.cpu.Cpuid;
import org.jrr.hpc.perf.cpu.Detection;
import org.jrr.hpc.perf.cpu.Microarch;
import org.jrr.hpc.perf.cpu.MicroarchTable;
import org.jrr.hpc.perf.cpu.TickSemantics;
import org.jrr.linux.Linux;
import org.jrr.linux.LinuxException;
import org.jrr.linux.perf.PerfEvent;
import org.jrr.linux.perf.PerfEvents;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Ticks from the PMU: retired conditional branches in user mode, counted per task by perf_event_open, as rr
 * counts them. Ranked above {@code none}, so it is the default wherever {@link #probe()} finds a working
 * counter; on a machine without a PMU (most VMs) it says why and {@code none} is used.
 */
@Component(service = HpcProvider.class, property = {"jrr.name=perf", "service.ranking:Integer=100"})
public final class PerfProvider implements HpcProvider {
    static final String NAME = "perf";
    /** Conditional branches the startup check runs (at least this many, whatever the JIT makes of the loop). */
    static final int CHECK_ITERATIONS = 200_000;

    /** What the probe found; the hardware does not change while jrr runs, so it is found once. */
    private record Probe(Availability availability, Optional<Microarch> microarch, int pmuType) {
        static Probe no(String reason, Optional<Microarch> microarch) {
            return new Probe(Availability.no(reason), microarch, Pmu.TYPE_RAW);
        }
    }

    private final Cpuid cpuid;
    private final PerfEvents perf;
    private final Path pmuDevices;
    private final Path paranoidFile;
    private volatile Probe probe;

    @Activate
    public PerfProvider(@Reference(name = "linux") Linux linux, @Reference(name = "perf") PerfEvents perf) {
        this(linux::cpuid, perf, Pmu.DEVICES, PerfEvents.PARANOID);
    }

    /** With the CPUID source and the sysfs/procfs files given (tests). */
    public PerfProvider(Cpuid cpuid, PerfEvents perf, Path pmuDevices, Path paranoidFile) {
        this.cpuid = cpuid;
        this.perf = perf;
        this.pmuDevices = pmuDevices;
        this.paranoidFile = paranoidFile;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String tickSemantics() {
        return TickSemantics.RCB.id();
    }

    /** Never throws: whatever goes wrong becomes the reason. */
    @Override
    public Availability probe() {
        return probed().availability();
    }

    /** The microarchitecture found, if the CPU is one jrr knows. */
    public Optional<Microarch> microarch() {
        return probed().microarch();
    }

    /**
     * Opens a counter on task {@code tid}, normally by its tracer; overflows arrive as SIGSTKFLT to that task.
     *
     * @throws JrrException if the provider cannot work here
     * @throws LinuxException if perf_event_open fails for this task (e.g. ESRCH: it is gone)
     */
    @Override
    public TickCounter open(int tid) {
        Probe p = probed();
        if (!p.availability().available() || p.microarch().isEmpty()) {
            throw new JrrException("the perf tick provider cannot work here: " + p.availability().reason());
        }
        Microarch m = p.microarch().get();
        return PerfTickCounter.open(perf, TicksEvent.forTask(p.pmuType(), m), tid, m.skid());
    }

    @Override
    public boolean counts() {
        return true;
    }

    @Override
    public int interruptSignal() {
        return PerfTickCounter.TIME_SLICE_SIGNAL;
    }

    /** The table's skid for this CPU; 0 for a CPU jrr does not know (nothing can be counted there). */
    @Override
    public long skid() {
        return probed().microarch().map(Microarch::skid).orElse(0L);
    }

    private Probe probed() {
        Probe p = probe;
        if (p == null) {
            synchronized (this) {
                p = probe;
                if (p == null) {
                    p = probeSafely();
                    probe = p;
                }
            }
        }
        return p;
    }

    private Probe probeSafely() {
        try {
            return detect();
        } catch (RuntimeException | LinkageError e) {
            return Probe.no("probing the PMU failed: " + e, Optional.empty());
        }
    }

    private Probe detect() {
        CpuSignature cpu = CpuSignature.of(cpuid);
        return switch (MicroarchTable.detect(cpu)) {
            case Detection.Unknown u -> Probe.no("unknown CPU (" + u.cpu() + "): jrr does not know which event "
                    + "counts its retired conditional branches", Optional.empty());
            case Detection.Unsupported(CpuSignature c, String name, String why) ->
                    Probe.no(name + " (" + c + ") is not supported: " + why, Optional.empty());
            case Detection.Supported(CpuSignature c, Microarch m) -> check(c, m);
        };
    }

    /** Opens the counter on this thread and checks that it counts a loop, as rr checks at startup. */
    private Probe check(CpuSignature cpu, Microarch m) {
        Optional<Pmu> pmu = Pmu.find(pmuDevices);
        int type = pmu.map(Pmu::type).orElse(Pmu.TYPE_RAW);
        String where = " (CPU: " + m.name() + ", " + cpu + ")";
        String pinHint = pmu.filter(Pmu::hybrid)
                .map(x -> "; hybrid CPU: ticks are counted only on CPUs " + x.cpus() + " (" + x.name()
                        + "), so jrr and its tracees must be pinned to one of them")
                .orElse("");
        long counted;
        try (PerfEvent ev = perf.open(TicksEvent.forProbe(type, m), 0, -1, -1)) {
            ev.enable();
            BranchLoop.run(CHECK_ITERATIONS);
            ev.disable();
            counted = ev.read();
        } catch (LinuxException e) {
            OpenFailure f = new OpenFailure(e.errno(), perf.strerror(e.errno()), m.rcbEvent(),
                    PerfEvents.paranoid(paranoidFile), Pmu.listed(pmuDevices));
            return Probe.no(f.reason() + where, Optional.of(m));
        } catch (IllegalStateException e) {
            return Probe.no(e.getMessage() + where, Optional.of(m));
        }
        if (counted <= 0) {
            return Probe.no("the branch counter opened but counted nothing in a test loop: the PMU is not really "
                    + "virtualized" + pinHint + where, Optional.of(m));
        }
        String text = String.format("%s (%s): %s ticks (retired conditional branches, raw event 0x%x on PMU type %d),"
                + " skid %d; counted %d in a test loop%s%s", m.name(), cpu, m.ticks().id(), m.rcbEvent(), type,
                m.skid(), counted, pinHint, m.hasCaveat() ? "; note: " + m.caveat() : "");
        return new Probe(Availability.yes(text), Optional.of(m), type);
    }
}
