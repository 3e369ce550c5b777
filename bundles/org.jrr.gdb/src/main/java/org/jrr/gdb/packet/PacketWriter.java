package org.jrr.gdb.packet;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Sends packets and acks; keeps the last packet so that a {@code -} from the client can be answered. */
public final class PacketWriter {
    private final OutputStream out;
    private byte[] last;

    public PacketWriter(OutputStream out) {
        this.out = new BufferedOutputStream(out);
    }

    public synchronized void send(String payload) throws IOException {
        last = Framing.frame(payload);
        out.write(last);
        out.flush();
    }

    public synchronized void ack() throws IOException {
        out.write('+');
        out.flush();
    }

    public synchronized void nak() throws IOException {
        out.write('-');
        out.flush();
    }

    public synchronized void resendLast() throws IOException {
        if (last != null) {
            out.write(last);
            out.flush();
        }
    }
}
