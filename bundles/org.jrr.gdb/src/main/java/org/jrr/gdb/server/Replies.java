package org.jrr.gdb.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jrr.gdb.packet.Hex;

/** Reply strings and helpers shared by the handlers. */
final class Replies {
    static final String OK = "OK";
    /** "Unsupported": gdb then stops using the packet or falls back. */
    static final String EMPTY = "";
    /** gdb shows any error number the same way; one is enough. */
    static final String ERROR = "E01";
    /** The most a reply may carry (bytes of data) so that, hex-encoded or escaped, it stays under PacketSize. */
    static final int MAX_DATA = 0x3ff0;
    /** The most memory one {@code m} reply carries (hex doubles it; PacketSize is 0x10000). */
    static final int MAX_MEMORY = 0x7ff0;
    /** The largest packet we accept, as advertised in {@code qSupported} (PacketSize is hex there). */
    static final int PACKET_SIZE = 0x10000;

    private Replies() {
    }

    /** Console output packets ({@code O<hex>}) for {@code text}, split so that each fits a packet. */
    static List<String> console(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (int off = 0; off < bytes.length; off += MAX_DATA) {
            out.add("O" + Hex.encode(bytes, off, Math.min(MAX_DATA, bytes.length - off)));
        }
        return out;
    }

    /**
     * A {@code qXfer} read of {@code data}: the part at {@code offset}, at most {@code length} bytes, prefixed with
     * {@code m} if more follows or {@code l} if this is the last part (escaping is the writer's job).
     */
    static String xferSlice(byte[] data, long offset, int length) {
        if (offset >= data.length) {
            return "l";
        }
        int start = (int) offset;
        int end = (int) Math.min(data.length, (long) start + Math.min(length, MAX_DATA));
        String part = new String(data, start, end - start, StandardCharsets.ISO_8859_1);
        return (end < data.length ? "m" : "l") + part;
    }
}
