package org.jrr.kernel.replay;

import java.io.IOException;
import org.jrr.api.JrrException;
import org.jrr.api.arch.Arch;
import org.jrr.api.hpc.HpcProvider;
import org.jrr.api.session.ReplayRequest;
import org.jrr.api.session.ReplayResult;
import org.jrr.api.session.Replayer;
import org.jrr.api.trace.TraceHeader;
import org.jrr.api.trace.TraceReader;
import org.jrr.kernel.services.KernelServices;
import org.jrr.kernel.store.DefaultTraceStore;
import org.jrr.kernel.task.TracerThread;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@link Replayer} service: checks a trace can be replayed here and runs a {@link ReplaySession}. */
@Component(service = Replayer.class)
public final class ReplayService implements Replayer {
    private final KernelServices services;
    private final DefaultTraceStore store;

    @Activate
    public ReplayService(@Reference KernelServices services, @Reference DefaultTraceStore store) {
        this.services = services;
        this.store = store;
    }

    @Override
    public ReplayResult replay(ReplayRequest request) {
        try (TraceReader reader = store.open(request.trace())) {
            Arch arch = replayableArch(services, request.trace(), reader.header());
            HpcProvider hpc = provider(services, request.trace(), reader.header());
            return TracerThread.run("jrr-tracer", () -> {
                try (EmuFs emuFs = new EmuFs(services.linux())) {
                    return new ReplaySession(services, hpc, arch, reader, request, emuFs).run();
                }
            });
        } catch (IOException e) {
            throw new JrrException(e.getMessage(), e);
        }
    }

    /** The trace's ABI, if this jrr replays it. */
    static Arch replayableArch(KernelServices services, java.nio.file.Path trace, TraceHeader h) {
        Arch arch = services.arch(h.arch());
        if (!arch.name().equals("x86_64")) {
            throw new JrrException("trace " + trace + " is of a " + h.arch()
                    + " program, which this jrr cannot replay yet");
        }
        return arch;
    }

    /** The tick provider the trace was made with, if it works here and counts the same ticks. */
    static HpcProvider provider(KernelServices services, java.nio.file.Path trace, TraceHeader h) {
        HpcProvider hpc;
        try {
            hpc = services.hpc(h.hpcProvider());
        } catch (JrrException e) {
            throw new JrrException("trace " + trace + " was recorded with the '" + h.hpcProvider()
                    + "' tick provider, which cannot be used here: " + e.getMessage(), e);
        }
        if (!hpc.tickSemantics().equals(h.tickSemantics())) {
            throw new JrrException("trace " + trace + " counts ticks as '" + h.tickSemantics()
                    + "' but the '" + hpc.name() + "' provider here counts '" + hpc.tickSemantics() + "'");
        }
        return hpc;
    }
}
