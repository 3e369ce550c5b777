package org.jrr.gdb.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.jrr.gdb.packet.Framing;
import org.jrr.gdb.packet.Hex;

/** A minimal client that talks to the server as gdb does, byte by byte, so tests can also send garbage. */
final class RspClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    boolean noAck;

    RspClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void raw(String bytes) throws IOException {
        out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    void send(String payload) throws IOException {
        out.write(Framing.frame(payload));
        out.flush();
        if (!noAck) {
            expectByte('+');
        }
    }

    /** Sends and returns the reply. */
    String ask(String payload) throws IOException {
        send(payload);
        return reply();
    }

    /** The next packet from the server, unescaped; acked if acks are on. */
    String reply() throws IOException {
        int b;
        while ((b = in.read()) != '$') {
            if (b == -1) {
                throw new IOException("connection closed");
            }
            if (b != '+') {
                throw new IOException("unexpected byte " + b + " before a packet");
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while ((b = in.read()) != '#') {
            if (b == -1) {
                throw new IOException("connection closed in a packet");
            }
            body.write(b);
        }
        int sum = Hex.digit(in.read()) << 4 | Hex.digit(in.read());
        byte[] bytes = body.toByteArray();
        if (sum != Framing.checksum(bytes, 0, bytes.length)) {
            throw new IOException("bad checksum from the server");
        }
        if (!noAck) {
            raw("+");
        }
        return Framing.unescape(Framing.latin1(bytes));
    }

    void expectByte(int expected) throws IOException {
        int b = in.read();
        if (b != expected) {
            throw new IOException("expected '" + (char) expected + "', got " + b);
        }
    }

    /** True if nothing arrives within {@code millis}. */
    boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return in.read() == -2;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    /** True if the server closed the connection. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
