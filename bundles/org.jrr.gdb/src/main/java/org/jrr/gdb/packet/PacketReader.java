package org.jrr.gdb.packet;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits the client's byte stream into {@link Inbound} items. Bytes outside packets other than {@code + - 0x03}
 * are noise and skipped; a {@code $} inside a packet restarts it (the start was lost), as gdb itself does, and a
 * packet whose checksum is missing leaves what followed its {@code #} to be read again (the next packet).
 */
public final class PacketReader {
    private final InputStream in;
    private final int maxPayload;

    public PacketReader(InputStream in, int maxPayload) {
        this.in = new BufferedInputStream(in);
        this.maxPayload = maxPayload;
    }

    /** Blocks for the next item; {@link Inbound.Closed} at the end of the stream (and forever after). */
    public Inbound next() throws IOException {
        while (true) {
            int b = in.read();
            switch (b) {
                case -1:
                    return new Inbound.Closed();
                case '$':
                    return packet();
                case '-':
                    return new Inbound.Nak();
                case 0x03:
                    return new Inbound.Interrupt();
                default:
                    break; // '+' and noise
            }
        }
    }

    private Inbound packet() throws IOException {
        byte[] buf = new byte[256];
        int n = 0;
        long length = 0;
        int sum = 0;
        while (true) {
            int b = in.read();
            if (b == -1) {
                return new Inbound.Closed();
            }
            if (b == '$') {
                n = 0;
                length = 0;
                sum = 0;
                continue;
            }
            if (b == '#') {
                break;
            }
            sum += b;
            length++;
            if (length <= maxPayload) {
                if (n == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, Math.min(maxPayload, buf.length * 2));
                }
                buf[n++] = (byte) b;
            }
        }
        in.mark(2);
        int hi = in.read();
        int lo = hi == -1 ? -1 : in.read();
        if (lo == -1) {
            return new Inbound.Closed();
        }
        if (Hex.digit(hi) < 0 || Hex.digit(lo) < 0) {
            in.reset(); // no checksum: what came instead (the next packet's '$') is read again
            return new Inbound.BadChecksum("checksum is not hex");
        }
        int expected = Hex.digit(hi) << 4 | Hex.digit(lo);
        if (expected != (sum & 0xff)) {
            return new Inbound.BadChecksum(
                    "checksum " + Integer.toHexString(expected) + ", computed " + Integer.toHexString(sum & 0xff));
        }
        if (length > maxPayload) {
            return new Inbound.TooLong(length);
        }
        return new Inbound.Packet(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
