package org.jrr.kernel.record;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jrr.api.JrrException;
import org.jrr.api.arch.Arch;
import org.jrr.api.hpc.HpcProvider;
import org.jrr.api.session.RecordRequest;
import org.jrr.api.session.RecordResult;
import org.jrr.api.session.Recorder;
import org.jrr.api.syscallbuf.Setup;
import org.jrr.api.trace.TraceCodec;
import org.jrr.api.trace.TraceHeader;
import org.jrr.api.trace.TraceWriter;
import org.jrr.kernel.services.KernelServices;
import org.jrr.kernel.store.DefaultTraceStore;
import org.jrr.kernel.task.Cpus;
import org.jrr.kernel.task.TracerThread;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** The {@link Recorder} service: sets up a trace and runs a {@link RecordSession} on a tracer thread. */
@Component(service = Recorder.class)
public final class RecordService implements Recorder {
    /** The trace header's property saying how syscalls were recorded: {@code preload} (buffered) or {@code off}. */
    public static final String SYSCALLBUF = "syscallbuf";
    /** The header property naming the syscall buffer's protocol a trace was recorded with. */
    public static final String SYSCALLBUF_PROTOCOL = "syscallbuf.protocol";
    private final KernelServices services;
    private final DefaultTraceStore store;
    private final AtomicReference<RecordSession> running = new AtomicReference<>();

    @Activate
    public RecordService(@Reference KernelServices services, @Reference DefaultTraceStore store) {
        this.services = services;
        this.store = store;
    }

    @Override
    public RecordResult record(RecordRequest request) {
        if (request.argv().isEmpty()) {
            throw new JrrException("nothing to record: give a program and its arguments");
        }
        Path exe = Program.resolve(request.argv().get(0));
        HpcProvider hpc = services.hpc(request.hpc());
        TraceCodec codec = services.defaultCodec();
        Arch arch = services.arch("x86_64");
        List<String> env = environment();
        int cpu = Cpus.choose(services.linux());
        Buffering buffering = null;
        if (request.syscallBuffer()) {
            var service = services.syscallBuffer();
            if (service.isPresent()) {
                Setup setup = service.get().setup();
                buffering = new Buffering(service.get(), setup, services);
            }
        }
        Path dir = store.create(request.traceDir(), exe.getFileName().toString(), codec);
        Map<String, String> props = new TreeMap<>(properties(exe, cpu));
        props.put(SYSCALLBUF, buffering == null ? "off" : "preload");
        if (buffering != null) {
            props.put(SYSCALLBUF_PROTOCOL, services.syscallBuffer().get().protocol());
        }
        TraceHeader header = new TraceHeader(arch.name(), hpc.name(), hpc.tickSemantics(), request.argv(), env,
                Path.of("").toAbsolutePath().toString(), System.currentTimeMillis(), props);
        List<String> tracedEnv = buffering == null ? env : preloaded(env, buffering.setup());
        TraceWriter writer;
        try {
            writer = codec.create(dir, header);
        } catch (IOException e) {
            throw new JrrException("cannot write a trace in " + dir + ": " + e.getMessage(), e);
        }
        RecordSession session = new RecordSession(services, hpc, arch, writer, request.diagnostics(), buffering);
        session.waitForAll(request.waitForAll());
        running.set(session);
        try {
            int status = TracerThread.run("jrr-tracer", () -> {
                try (writer) {
                    int s = session.run(exe, request.argv(), tracedEnv, cpu);
                    writer.finish();
                    return s;
                } catch (RuntimeException | IOException | Error e) {
                    finishQuietly(writer);
                    throw e;
                }
            });
            if (session.sharingSummary() != null) {
                request.diagnostics().println("jrr: note: " + session.sharingSummary());
            }
            if (session.bestEffortPoints() > 0) {
                request.diagnostics().println("jrr: note: " + session.bestEffortPoints() + " point(s) where a task"
                        + " ran without syscalls were recorded (to switch tasks, or to forward changes into a shared"
                        + " mapping); with no tick counter, replay finds those points by registers and memory"
                        + " (best-effort, marked in 'jrr dump')");
            }
            return new RecordResult(dir, status, session.interrupted());
        } finally {
            running.set(null);
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** A failed recording still leaves what it had, readable, so nothing recorded is lost. */
    private static void finishQuietly(TraceWriter writer) {
        try {
            writer.flush();
        } catch (IOException | RuntimeException ignored) {
            // the error being reported matters more
        }
    }

    @Override
    public void interrupt() {
        RecordSession s = running.get();
        if (s != null) {
            s.interrupt();
        }
    }

    /** Stopping jrr (or this bundle) mid-recording still leaves a finished trace. */
    @Deactivate
    void deactivate() {
        interrupt();
        long deadline = System.currentTimeMillis() + 10_000;
        synchronized (this) {
            while (running.get() != null && System.currentTimeMillis() < deadline) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * The environment the tracee starts with when its syscalls are buffered: the preload library first in
     * LD_PRELOAD, and the library's variables. The trace's header keeps the program's own environment.
     */
    static List<String> preloaded(List<String> env, Setup setup) {
        List<String> out = new ArrayList<>();
        String preload = setup.library().toString();
        for (String e : env) {
            if (e.startsWith("LD_PRELOAD=")) {
                String rest = e.substring("LD_PRELOAD=".length());
                preload = rest.isEmpty() ? preload : preload + ":" + rest;
            } else if (setup.env().stream().noneMatch(v -> v.substring(0, v.indexOf('=') + 1)
                    .equals(e.substring(0, e.indexOf('=') + 1)))) {
                out.add(e);
            }
        }
        out.add("LD_PRELOAD=" + preload);
        out.addAll(setup.env());
        return out;
    }

    private static List<String> environment() {
        List<String> env = new ArrayList<>();
        new TreeMap<>(System.getenv()).forEach((k, v) -> env.add(k + "=" + v));
        return env;
    }

    /** {@code cpu}: replay runs on the same CPU when it can, since CPUID answers differ per CPU. */
    private static Map<String, String> properties(Path exe, int cpu) {
        return Map.of("exe", exe.toString(), "os.version", System.getProperty("os.version", "?"),
                "recorder", "jrr", "cpu", Integer.toString(cpu));
    }
}
