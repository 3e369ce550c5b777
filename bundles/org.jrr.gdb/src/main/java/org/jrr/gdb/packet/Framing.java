package org.jrr.gdb.packet;

import java.nio.charset.StandardCharsets;

/**
 * The packet envelope: {@code $payload#cc}, where cc is the sum of the payload's bytes mod 256, and where
 * {@code $ # } *} inside the payload are written as {@code }} followed by the byte XOR 0x20. Payloads are
 * Latin-1 strings so that each char is one byte, binary data included.
 */
public final class Framing {
    static final int ESCAPE = '}';

    private Framing() {
    }

    public static int checksum(byte[] bytes, int offset, int length) {
        int sum = 0;
        for (int i = offset; i < offset + length; i++) {
            sum += bytes[i] & 0xff;
        }
        return sum & 0xff;
    }

    /** Escapes every byte gdb would otherwise read as framing, an escape or a run-length marker. */
    public static String escape(String payload) {
        StringBuilder sb = null;
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (needsEscape(c)) {
                if (sb == null) {
                    sb = new StringBuilder(payload.length() + 16).append(payload, 0, i);
                }
                sb.append((char) ESCAPE).append((char) (c ^ 0x20));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? payload : sb.toString();
    }

    /** Undoes {@link #escape}; used for the binary data of packets such as {@code X}. */
    public static String unescape(String data) {
        if (data.indexOf(ESCAPE) < 0) {
            return data;
        }
        StringBuilder sb = new StringBuilder(data.length());
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == ESCAPE) {
                if (++i == data.length()) {
                    throw new MalformedPacketException("escape at the end of binary data");
                }
                sb.append((char) (data.charAt(i) ^ 0x20));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The bytes to send for {@code payload}: escaped, framed and checksummed. */
    public static byte[] frame(String payload) {
        byte[] body = escape(payload).getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[body.length + 4];
        out[0] = '$';
        System.arraycopy(body, 0, out, 1, body.length);
        int sum = checksum(body, 0, body.length);
        out[body.length + 1] = '#';
        StringBuilder cs = new StringBuilder(2);
        Hex.appendByte(cs, sum);
        out[body.length + 2] = (byte) cs.charAt(0);
        out[body.length + 3] = (byte) cs.charAt(1);
        return out;
    }

    public static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean needsEscape(char c) {
        return c == '$' || c == '#' || c == ESCAPE || c == '*';
    }
}
