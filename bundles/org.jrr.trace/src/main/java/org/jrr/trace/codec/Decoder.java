package org.jrr.trace.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads what {@link Encoder} wrote. Every length and count is checked against the bytes left, so damaged input
 * gives a {@link MalformedDataException} instead of a huge allocation or an unchecked exception.
 */
public final class Decoder {
    private final byte[] buf;
    private final int limit;
    private int pos;

    public Decoder(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public Decoder(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return limit - pos;
    }

    public boolean hasRemaining() {
        return pos < limit;
    }

    private void need(int n) throws MalformedDataException {
        if (n > limit - pos) {
            throw new MalformedDataException("truncated record: needs " + n + " more bytes, " + (limit - pos)
                    + " left");
        }
    }

    public int u8() throws MalformedDataException {
        need(1);
        return buf[pos++] & 0xff;
    }

    public boolean bool() throws MalformedDataException {
        int v = u8();
        if (v > 1) {
            throw new MalformedDataException("bad boolean " + v);
        }
        return v == 1;
    }

    public int i32() throws MalformedDataException {
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    public long i64() throws MalformedDataException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    /** A count of elements that take at least {@code minBytesEach} bytes each: bounded by the bytes left. */
    public int count(int minBytesEach) throws MalformedDataException {
        int n = i32();
        if (n < 0 || (long) n * minBytesEach > remaining()) {
            throw new MalformedDataException("bad element count " + n);
        }
        return n;
    }

    public byte[] bytes() throws MalformedDataException {
        int n = count(1);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    public String str() throws MalformedDataException {
        int n = i32();
        if (n == -1) {
            return null;
        }
        if (n < 0) {
            throw new MalformedDataException("bad string length " + n);
        }
        need(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    public List<String> strings() throws MalformedDataException {
        int n = count(4);
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String s = str();
            if (s == null) {
                throw new MalformedDataException("null list element");
            }
            list.add(s);
        }
        return list;
    }
}
