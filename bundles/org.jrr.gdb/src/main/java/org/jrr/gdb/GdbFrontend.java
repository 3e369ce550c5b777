package org.jrr.gdb;

import java.io.IOException;
import org.jrr.api.debug.DebugFrontend;
import org.jrr.api.debug.ReplayControl;
import org.jrr.gdb.server.GdbServer;
import org.osgi.service.component.annotations.Component;

/**
 * Serves a replay to gdb over its remote serial protocol ({@code target extended-remote}), with reverse execution.
 * The default frontend.
 */
@Component(service = DebugFrontend.class, property = {"jrr.name=gdb-remote", "service.ranking:Integer=100"})
public final class GdbFrontend implements DebugFrontend {
    @Override
    public Server serve(ReplayControl control, int port) throws IOException {
        return GdbServer.start(control, port);
    }
}
