package org.jrr.kernel.replay;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
        Snapshots snapshots = Snapshots.fromEnvironment();
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
        DebugSession debug = new DebugSession(request.pid(), request.goTo(), snapshots);
        // the program's output shows when the user runs it, not while jrr replays toward a place going back
        ReplayRequest replay = new ReplayRequest(request.trace(), gated(request.stdout(), debug),
                gated(request.stderr(), debug), request.diagnostics());
        Thread tracer = Thread.ofPlatform().name("jrr-tracer").daemon(true).unstarted(() -> {
            try {
                replayUnderDebugger(reader, arch, hpc, replay, debug, request);
            } finally {
                debug.discardSnapshots();
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

    /** Replays, and again toward each goal going back sets: from the snapshot before it, or from the start. */
    private void replayUnderDebugger(TraceReader reader, Arch arch, HpcProvider hpc, ReplayRequest replay,
            DebugSession debug, DebugRequest request) {
        try (EmuFs emuFs = new EmuFs(services.linux())) {
            replayUnderDebugger(reader, arch, hpc, replay, debug, request, emuFs);
        }
    }

    private void replayUnderDebugger(TraceReader reader, Arch arch, HpcProvider hpc, ReplayRequest replay,
            DebugSession debug, DebugRequest request, EmuFs emuFs) {
        TraceReader next = reader;
        Snapshot from = null;
        while (true) {
            try (TraceReader r = next) {
                ReplaySession s = new ReplaySession(services, hpc, arch, r, replay, debug, from, emuFs);
                debug.attach(s);
                s.run();
                debug.finished();
                return;
            } catch (DebugSession.Rewind again) {
                // going backward: replay toward the session's new goal, from the snapshot before it
            } catch (DebugSession.Closed closed) {
                return; // the debugger is done with it; run() has killed the tracees
            } catch (RuntimeException | IOException e) {
                debug.fail(e instanceof RuntimeException x ? x : new JrrException(e.getMessage(), e));
                return;
            }
            try {
                next = store.open(request.trace());
                from = debug.startingPoint();
            } catch (RuntimeException e) {
                debug.fail(e);
                return;
            }
        }
    }

    private static OutputStream gated(OutputStream out, DebugSession debug) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                if (debug.echoing()) {
                    out.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (debug.echoing()) {
                    out.write(b, off, len);
                }
            }
        };
    }

    private static void closeQuietly(TraceReader r) {
        try {
            r.close();
        } catch (IOException | RuntimeException ignored) {
            // the error being reported matters more
        }
    }
}
