package org.jrr.gdb.packet;

import java.nio.charset.StandardCharsets;

/** Hex as the remote protocol writes it: lower case, two digits a byte, numbers without a prefix. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    public static String encode(byte[] bytes, int offset, int length) {
        StringBuilder sb = new StringBuilder(length * 2);
        for (int i = offset; i < offset + length; i++) {
            appendByte(sb, bytes[i]);
        }
        return sb.toString();
    }

    /** The UTF-8 bytes of {@code text} in hex (console output, thread extra info). */
    public static String encodeText(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    public static void appendByte(StringBuilder sb, int b) {
        sb.append(DIGITS[(b >> 4) & 0xf]).append(DIGITS[b & 0xf]);
    }

    public static byte[] decode(CharSequence hex) {
        if (hex.length() % 2 != 0) {
            throw new MalformedPacketException("odd number of hex digits");
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (digitOrThrow(hex.charAt(2 * i)) << 4 | digitOrThrow(hex.charAt(2 * i + 1)));
        }
        return out;
    }

    public static String decodeText(CharSequence hex) {
        return new String(decode(hex), StandardCharsets.UTF_8);
    }

    /** The value of a hex digit, or -1. */
    public static int digit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** An unsigned number of at most 64 bits (addresses: the top half of the space is valid). */
    public static long parseUnsigned(String s) {
        if (s.isEmpty() || s.length() > 16) {
            throw new MalformedPacketException("bad hex number '" + s + "'");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            v = v << 4 | digitOrThrow(s.charAt(i));
        }
        return v;
    }

    /** A non-negative number that fits an int (lengths, counts, register numbers). */
    public static int parseInt(String s) {
        long v = parseUnsigned(s);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new MalformedPacketException("hex number out of range '" + s + "'");
        }
        return (int) v;
    }

    /** A length, clamped to {@code max}: gdb may ask for more than a reply can carry, and takes less. */
    public static int parseLength(String s, int max) {
        long v = parseUnsigned(s);
        return v < 0 || v > max ? max : (int) v;
    }

    /** The low {@code bytes} bytes of {@code value}, little-endian (x86 byte order, as the registers go). */
    public static String littleEndian(long value, int bytes) {
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            appendByte(sb, (int) (value >>> (8 * i)));
        }
        return sb.toString();
    }

    private static int digitOrThrow(char c) {
        int d = digit(c);
        if (d < 0) {
            throw new MalformedPacketException("bad hex digit '" + c + "'");
        }
        return d;
    }
}
