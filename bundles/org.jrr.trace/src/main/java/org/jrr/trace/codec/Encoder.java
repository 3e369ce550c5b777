package org.jrr.trace.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.ObjIntConsumer;

/**
 * A growable big-endian byte buffer. Used instead of DataOutputStream because it never throws IOException and
 * lets the writer hand its array to zstd without another copy.
 */
public final class Encoder {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final int initialCapacity;
    private byte[] buf;
    private int size;

    public Encoder(int initialCapacity) {
        this.initialCapacity = Math.max(64, initialCapacity);
        this.buf = new byte[this.initialCapacity];
    }

    public int size() {
        return size;
    }

    /** The backing array; bytes {@code [0, size())} are valid. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Empties the buffer, and gives back memory a huge frame made it grow to. */
    public void reset() {
        size = 0;
        if (buf.length > 4 * initialCapacity) {
            buf = new byte[initialCapacity];
        }
    }

    private void ensure(int more) {
        long need = (long) size + more;
        if (need > MAX_ARRAY) {
            throw new IllegalArgumentException("record too large: over " + MAX_ARRAY + " bytes");
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(MAX_ARRAY, Math.max(need, 2L * buf.length)));
        }
    }

    public Encoder u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public Encoder bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    public Encoder i32(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    public Encoder i64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    public Encoder raw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** Length-prefixed bytes. */
    public Encoder bytes(byte[] b) {
        return i32(b.length).raw(b, 0, b.length);
    }

    /** Length-prefixed bytes that {@code copier} puts at (array, offset) itself: saves a clone of large data. */
    public Encoder bytes(int length, ObjIntConsumer<byte[]> copier) {
        i32(length);
        ensure(length);
        copier.accept(buf, size);
        size += length;
        return this;
    }

    /** A length-prefixed UTF-8 string; null is length -1, so every string field may be null. */
    public Encoder str(String s) {
        return s == null ? i32(-1) : bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public Encoder strings(List<String> list) {
        i32(list.size());
        list.forEach(this::str);
        return this;
    }

    public Encoder append(Encoder other) {
        return raw(other.buf, 0, other.size);
    }
}
