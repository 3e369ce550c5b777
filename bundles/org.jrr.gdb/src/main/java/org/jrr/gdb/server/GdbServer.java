package org.jrr.gdb.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jrr.api.debug.DebugFrontend;
import org.jrr.api.debug.ReplayControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gdb remote-protocol server for one replay: listens on 127.0.0.1 only (the protocol has no authentication),
 * serves one client on a daemon thread, and is over when that client is.
 */
public final class GdbServer implements DebugFrontend.Server {
    private static final Logger LOG = LoggerFactory.getLogger(GdbServer.class);

    private final ServerSocket listener;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Socket client;
    private volatile boolean closed;

    private GdbServer(ServerSocket listener) {
        this.listener = listener;
    }

    /** Binds 127.0.0.1:{@code port} (0: any free port) and starts waiting for the client. */
    public static GdbServer start(ReplayControl control, int port) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        GdbServer server = new GdbServer(listener);
        Thread.ofPlatform().daemon().name("jrr-gdb-server").start(() -> server.serve(control));
        return server;
    }

    private void serve(ReplayControl control) {
        try {
            Socket s;
            try (listener) {
                s = listener.accept(); // one client: the listener closes once it is here
            }
            client = s;
            if (closed) {
                s.close();
                return;
            }
            s.setTcpNoDelay(true); // small packets, one round trip each
            LOG.debug("gdb connected from {}", s.getRemoteSocketAddress());
            new Session(s, control).run();
            LOG.debug("gdb session ended");
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("gdb connection ended: {}", e.toString());
            }
        } catch (RuntimeException e) {
            LOG.warn("gdb server failed", e);
        } finally {
            ended.countDown();
        }
    }

    @Override
    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public String howToConnect(String executable) {
        return GdbInvocation.howToConnect(port(), executable);
    }

    @Override
    public List<String> clientCommand(String executable, List<String> extraArgs, Path work) throws IOException {
        return GdbInvocation.command(port(), executable, extraArgs, work);
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
            Socket s = client;
            if (s != null) {
                s.close();
            }
        } catch (IOException e) {
            LOG.debug("closing the gdb server: {}", e.toString());
        }
    }
}
