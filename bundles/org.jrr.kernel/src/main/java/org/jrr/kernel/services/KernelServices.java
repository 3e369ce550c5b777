package org.jrr.kernel.services;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jrr.api.JrrException;
import org.jrr.api.Names;
import org.jrr.api.arch.Arch;
import org.jrr.api.hpc.HpcProvider;
import org.jrr.api.syscall.SyscallHandler;
import org.jrr.api.syscallbuf.SyscallBuffer;
import org.jrr.api.trace.TraceCodec;
import org.jrr.linux.Linux;
import org.jrr.linux.perf.PerfEvents;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The replaceable parts the kernel uses, tracked dynamically: a bundle providing one may come and go while jrr
 * runs, and each lookup sees the current set. The kernel knows them only by their API.
 */
@Component(service = KernelServices.class)
public final class KernelServices {
    /** A service with its name and ranking. */
    private record Ranked<T>(T service, String name, int ranking) {
    }

    @Reference
    private Linux linux;

    @Reference
    private PerfEvents perf;

    private final List<Ranked<Arch>> arches = new CopyOnWriteArrayList<>();
    private final List<Ranked<HpcProvider>> providers = new CopyOnWriteArrayList<>();
    private final List<Ranked<TraceCodec>> codecs = new CopyOnWriteArrayList<>();
    private final Map<String, List<Ranked<SyscallHandler>>> handlers = new ConcurrentHashMap<>();
    private final List<Ranked<SyscallBuffer>> buffers = new CopyOnWriteArrayList<>();

    public Linux linux() {
        return linux;
    }

    public PerfEvents perf() {
        return perf;
    }

    private static <T> Ranked<T> ranked(T service, Map<String, Object> props, String nameKey) {
        Object name = props.get(nameKey);
        Object ranking = props.get("service.ranking");
        return new Ranked<>(service, name == null ? "" : name.toString(),
                ranking instanceof Integer i ? i : 0);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeArch")
    void addArch(Arch arch, Map<String, Object> props) {
        arches.add(ranked(arch, props, Names.NAME));
    }

    void removeArch(Arch arch) {
        arches.removeIf(r -> r.service() == arch);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeProvider")
    void addProvider(HpcProvider p, Map<String, Object> props) {
        providers.add(ranked(p, props, Names.NAME));
    }

    void removeProvider(HpcProvider p) {
        providers.removeIf(r -> r.service() == p);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeCodec")
    void addCodec(TraceCodec c, Map<String, Object> props) {
        codecs.add(ranked(c, props, Names.NAME));
    }

    void removeCodec(TraceCodec c) {
        codecs.removeIf(r -> r.service() == c);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeHandler")
    void addHandler(SyscallHandler h, Map<String, Object> props) {
        Ranked<SyscallHandler> r = ranked(h, props, Names.SYSCALL);
        String name = r.name().isEmpty() ? h.name() : r.name();
        handlers.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(r);
    }

    void removeHandler(SyscallHandler h) {
        handlers.values().forEach(l -> l.removeIf(r -> r.service() == h));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeBuffer")
    void addBuffer(SyscallBuffer b, Map<String, Object> props) {
        buffers.add(ranked(b, props, Names.NAME));
    }

    void removeBuffer(SyscallBuffer b) {
        buffers.removeIf(r -> r.service() == b);
    }

    /** The syscall buffer, if a bundle provides one (the highest-ranked). */
    public Optional<SyscallBuffer> syscallBuffer() {
        return best(buffers, null);
    }

    private static <T> Optional<T> best(List<Ranked<T>> list, String name) {
        return list.stream().filter(r -> name == null || r.name().equals(name))
                .max(Comparator.comparingInt(Ranked::ranking)).map(Ranked::service);
    }

    public Arch arch(String name) {
        return best(arches, name).orElseThrow(() -> new JrrException("no support for the " + name
                + " ABI is installed (is the org.jrr.arch.x86 bundle running?)"));
    }

    /** The handler for a syscall, by name: the highest-ranked one. */
    public Optional<SyscallHandler> handler(String syscall) {
        List<Ranked<SyscallHandler>> l = handlers.get(syscall);
        return l == null ? Optional.empty() : best(l, null);
    }

    /** A tick provider by name, or the highest-ranked available one when {@code name} is null. */
    public HpcProvider hpc(String name) {
        if (name != null) {
            HpcProvider p = best(providers, name).orElseThrow(() -> new JrrException("no tick provider named '"
                    + name + "' is installed (installed: " + names(providers) + ")"));
            var a = p.probe();
            if (!a.available()) {
                throw new JrrException("tick provider '" + name + "' cannot work here: " + a.reason());
            }
            return p;
        }
        return providers.stream().filter(r -> r.service().probe().available())
                .max(Comparator.comparingInt(Ranked::ranking)).map(Ranked::service)
                .orElseThrow(() -> new JrrException("no tick provider is available (installed: " + names(providers)
                        + "; is the org.jrr.hpc.none bundle running?)"));
    }

    /** The codec for new traces: the highest-ranked one. */
    public TraceCodec defaultCodec() {
        return best(codecs, null).orElseThrow(() -> new JrrException(
                "no trace codec is installed, so nothing can be recorded (is the org.jrr.trace bundle running?)"));
    }

    public TraceCodec codec(String name) {
        return best(codecs, name).orElseThrow(() -> new JrrException("the trace codec '" + name
                + "' is not installed (installed: " + names(codecs) + ")"));
    }

    private static String names(List<? extends Ranked<?>> list) {
        return list.isEmpty() ? "none" : list.stream().map(Ranked::name).collect(Collectors.joining(", "));
    }
}
