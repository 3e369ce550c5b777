package org.jrr.kernel.replay;

import java.io.IOException;
import org.jrr.api.JrrException;
import org.jrr.api.arch.Arch;
import org.jrr.api.debug.DebugReplayer;
import org.jrr.api.debug.DebugRequest;
import org.jrr.api.debug.ReplayControl;
import org.jrr.api.hpc.HpcProvider;
import org.jrr.api.session.ReplayRequest;
import org.jrr.api.trace.TraceReader;
import org.jrr.kernel.services.KernelServices;
import org.jrr.kernel.store.DefaultTraceStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link DebugReplayer} service: a {@link ReplaySession} on its own tracer thread, stopped and resumed by a
 * {@link DebugSession}, which it returns once the replay has reached the first stop.
 */
@Component(service = DebugReplayer.class)
public final class DebugService implements DebugReplayer {
    private final KernelServices services;
    private final DefaultTraceStore store;

    @Activate
    public DebugService(@Reference KernelServices services, @Reference DefaultTraceStore store) {
        this.services = services;
        this.store = store;
    }

    @Override
    public ReplayControl start(DebugRequest request) {
        TraceReader reader = store.open(request.trace());
        Arch arch;
        HpcProvider hpc;
        try {
            arch = ReplayService.replayableArch(services, request.trace(), reader.header());
            hpc = ReplayService.provider(services, request.trace(), reader.header());
        } catch (RuntimeException e) {
            closeQuietly(reader);
            throw e;
        }
        DebugSession debug = new DebugSession(request.pid(), request.goTo());
        ReplayRequest replay = new ReplayRequest(request.trace(), request.stdout(), request.stderr(),
                request.diagnostics());
        Thread tracer = Thread.ofPlatform().name("jrr-tracer").daemon(true).unstarted(() -> {
            try (reader) {
                ReplaySession s = new ReplaySession(services, hpc, arch, reader, replay, debug);
                debug.attach(s);
                s.run();
                debug.finished();
            } catch (DebugSession.Closed closed) {
                // the debugger is done with it; run() has killed the tracees
            } catch (RuntimeException | IOException e) {
                debug.fail(e instanceof RuntimeException r ? r : new JrrException(e.getMessage(), e));
            }
        });
        tracer.start();
        try {
            debug.awaitStart();
        } catch (RuntimeException e) {
            debug.close();
            throw e;
        }
        return debug;
    }

    private static void closeQuietly(TraceReader r) {
        try {
            r.close();
        } catch (IOException | RuntimeException ignored) {
            // the error being reported matters more
        }
    }
}
