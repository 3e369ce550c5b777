package org.jrr.gdb.server;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jrr.api.debug.ReplayControl;
import org.jrr.api.debug.Resume;
import org.jrr.api.debug.Stop;
import org.jrr.gdb.packet.Inbound;
import org.jrr.gdb.packet.PacketReader;
import org.jrr.gdb.packet.PacketWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection. A reader thread turns the socket into events; this loop handles them one at a time and
 * is the only writer. A resume runs on its own thread so that the loop still sees gdb's interrupt byte while the
 * replay runs.
 */
final class Session {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    /** How long to wait for a running resume to honour an interrupt when the session ends. */
    private static final long RESUME_STOP_MILLIS = 10_000;
    /**
     * How often an interrupt is repeated until the resume returns: one that comes before the resume thread is
     * inside {@link ReplayControl#resume} would be lost, and gdb would wait for ever.
     */
    private static final long INTERRUPT_REPEAT_MILLIS = 200;

    private final Socket socket;
    private final ReplayControl control;
    private final Dispatcher dispatcher;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Packets that came while the replay ran; all-stop gdb should not send any, but if it does, answer later. */
    private final Queue<String> deferred = new ArrayDeque<>();
    private PacketWriter writer;
    private Thread resumer;
    /** The running resume is a vRun. */
    private boolean restarting;
    /** gdb asked to interrupt the running resume. */
    private boolean interrupting;

    Session(Socket socket, ReplayControl control) {
        this.socket = socket;
        this.control = control;
        this.dispatcher = new Dispatcher(control);
    }

    /** Serves until the client detaches, kills, or goes away. */
    void run() throws IOException {
        writer = new PacketWriter(socket.getOutputStream());
        PacketReader reader = new PacketReader(socket.getInputStream(), Replies.PACKET_SIZE);
        Thread.ofPlatform().daemon().name("jrr-gdb-reader").start(() -> read(reader));
        try {
            while (!handle(take())) {
                // next event
            }
        } finally {
            stopResume();
            dispatcher.connectionClosed();
            close();
        }
    }

    private void close() {
        try (socket) { // closing ends the reader thread
            if (!socket.isClosed()) {
                socket.shutdownOutput(); // the last reply goes out before the connection closes
            }
        } catch (IOException e) {
            LOG.debug("closing the gdb connection: {}", e.toString());
        }
    }

    private void read(PacketReader reader) {
        Inbound in;
        do {
            try {
                in = reader.next();
            } catch (IOException e) {
                in = new Inbound.Closed();
            }
            events.add(new Event.Received(in));
        } while (!(in instanceof Inbound.Closed));
    }

    private Event take() {
        try {
            while (interrupting) {
                Event e = events.poll(INTERRUPT_REPEAT_MILLIS, TimeUnit.MILLISECONDS);
                if (e != null) {
                    return e;
                }
                control.interrupt();
            }
            return events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Event.Received(new Inbound.Closed());
        }
    }

    /** Handles one event; true when the session is over. */
    private boolean handle(Event event) throws IOException {
        return switch (event) {
            case Event.Received(Inbound.Packet(String payload)) -> packet(payload);
            case Event.Received(Inbound.BadChecksum(String reason)) -> {
                LOG.debug("bad packet from gdb: {}", reason);
                if (!dispatcher.noAck()) {
                    writer.nak();
                }
                yield false;
            }
            case Event.Received(Inbound.TooLong(long length)) -> {
                LOG.debug("packet of {} bytes from gdb is too long", length);
                if (!dispatcher.noAck()) {
                    writer.ack();
                }
                if (resumer == null) {
                    writer.send(Replies.ERROR);
                }
                yield false;
            }
            case Event.Received(Inbound.Interrupt i) -> {
                if (resumer != null && resumer.isAlive()) {
                    interrupting = true;
                    control.interrupt();
                }
                yield false;
            }
            case Event.Received(Inbound.Nak n) -> {
                if (!dispatcher.noAck()) {
                    writer.resendLast();
                }
                yield false;
            }
            case Event.Received(Inbound.Closed c) -> true;
            case Event.Resumed(Stop stop) -> {
                boolean restart = restarting;
                resumeEnded();
                if (restart) {
                    dispatcher.restarted(stop);
                }
                writer.send(dispatcher.stopped(stop));
                yield drainDeferred();
            }
            case Event.ResumeFailed(RuntimeException error) -> {
                if (restarting) {
                    // no console output: gdb would take it for vRun's stop
                    resumeEnded();
                    System.err.println("jrr: " + oneLine(error));
                    writer.send(Replies.ERROR);
                    yield drainDeferred();
                }
                resumeEnded();
                send(Replies.console("jrr: " + oneLine(error) + "\n"));
                if (dispatcher.replayAlive()) {
                    // Refused, not broken (e.g. not possible yet): gdb warns, reports a stop, and goes on.
                    LOG.info("a resume failed, the replay goes on: {}", error.toString());
                    writer.send(Replies.ERROR);
                    yield drainDeferred();
                }
                LOG.warn("the replay failed: {}", error.toString());
                writer.send(dispatcher.killed());
                yield true;
            }
        };
    }

    private boolean packet(String payload) throws IOException {
        if (!dispatcher.noAck()) {
            writer.ack();
        }
        if (resumer != null) {
            deferred.add(payload);
            return false;
        }
        LOG.trace("gdb: {}", Dispatcher.abbreviate(payload));
        return act(dispatcher.handle(payload));
    }

    private boolean act(Action action) throws IOException {
        switch (action) {
            case Action.Send(List<String> packets) -> send(packets);
            case Action.End(List<String> packets) -> {
                send(packets);
                return true;
            }
            case Action.Run(Resume how) -> startResume(() -> control.resume(how));
            case Action.RunDiverted(org.jrr.api.debug.Diversion d, Resume how) -> startResume(() -> d.resume(how));
            case Action.Restart(org.jrr.api.debug.Restart where) -> {
                restarting = true;
                startResume(() -> control.restart(where));
            }
        }
        return false;
    }

    private void send(List<String> packets) throws IOException {
        for (String p : packets) {
            LOG.trace("jrr: {}", Dispatcher.abbreviate(p));
            writer.send(p);
        }
    }

    private boolean drainDeferred() throws IOException {
        while (resumer == null && !deferred.isEmpty()) {
            if (act(dispatcher.handle(deferred.remove()))) {
                return true;
            }
        }
        return false;
    }

    private void startResume(java.util.function.Supplier<Stop> how) {
        resumer = Thread.ofPlatform().daemon().name("jrr-gdb-resume").start(() -> {
            try {
                events.add(new Event.Resumed(how.get()));
            } catch (RuntimeException e) {
                events.add(new Event.ResumeFailed(e));
            }
        });
    }

    private void resumeEnded() {
        resumer = null;
        restarting = false;
        interrupting = false;
    }

    /** The client left while the replay runs: stop it, so that whoever closes the replay next need not wait. */
    private void stopResume() {
        Thread r = resumer;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RESUME_STOP_MILLIS);
        try {
            while (r != null && r.isAlive() && System.nanoTime() < deadline) {
                control.interrupt();
                r.join(INTERRUPT_REPEAT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String oneLine(RuntimeException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
