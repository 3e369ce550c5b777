package org.jrr.api.debug;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Serves a {@link ReplayControl} to a debugger over a protocol (service property {@code jrr.name}, e.g.
 * {@code gdb-remote}).
 */
public interface DebugFrontend {
    /** Listens on 127.0.0.1:{@code port} (0: any free port) for one client. */
    Server serve(ReplayControl control, int port) throws IOException;

    /** A listening server. */
    interface Server extends AutoCloseable {
        int port();

        /** How a user connects, one line (e.g. the gdb command to type). */
        String howToConnect(String executable);

        /**
         * The command line that starts this frontend's debugger connected to it, for {@code executable}, with
         * {@code extraArgs} passed through; {@code work} is a directory for files the client needs.
         */
        List<String> clientCommand(String executable, List<String> extraArgs, Path work) throws IOException;

        /** Waits until the client has gone (detached, killed the replay, or disconnected). */
        void awaitEnd() throws InterruptedException;

        @Override
        void close();
    }
}
