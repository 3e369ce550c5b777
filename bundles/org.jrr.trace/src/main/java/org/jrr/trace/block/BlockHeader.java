package org.jrr.trace.block;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.jrr.api.trace.TraceFormatException;
import org.jrr.trace.codec.Corruption;
import org.jrr.trace.codec.Crc32c;

/**
 * The fixed 24-byte header before each block's zstd payload: magic "JRBK", uncompressed length, compressed
 * length, CRC-32C of the compressed bytes, CRC-32C of the uncompressed bytes, CRC-32C of the 20 bytes before.
 * The header's own CRC lets a reader tell a damaged length (corruption) from a file that really ends inside
 * the payload (a trace cut short).
 */
public record BlockHeader(int uncompressedLength, int compressedLength, int compressedCrc, int uncompressedCrc) {
    public static final int MAGIC = 0x4A52424B;
    public static final int SIZE = 24;
    /** No block length may exceed this; anything larger is damage, not data. */
    public static final int MAX_LENGTH = 1 << 30;

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.putInt(MAGIC).putInt(uncompressedLength).putInt(compressedLength).putInt(compressedCrc)
                .putInt(uncompressedCrc);
        b.putInt(Crc32c.of(b.array(), 0, SIZE - 4));
        return b.array();
    }

    /** Decodes and checks a full header read from {@code file} at {@code offset}. */
    public static BlockHeader decode(byte[] bytes, Path file, long offset) throws TraceFormatException {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, SIZE);
        int magic = b.getInt();
        if (magic != MAGIC) {
            throw Corruption.at(file, offset, "bad block magic 0x" + Integer.toHexString(magic));
        }
        BlockHeader h = new BlockHeader(b.getInt(), b.getInt(), b.getInt(), b.getInt());
        if (b.getInt() != Crc32c.of(bytes, 0, SIZE - 4)) {
            throw Corruption.at(file, offset, "block header checksum mismatch");
        }
        if (bad(h.uncompressedLength) || bad(h.compressedLength)) {
            throw Corruption.at(file, offset, "absurd block length (" + h.compressedLength + " compressed, "
                    + h.uncompressedLength + " uncompressed)");
        }
        return h;
    }

    /** Whether the first {@code n} bytes of {@code bytes} can start a header: what a cut-short header looks like. */
    public static boolean magicPrefix(byte[] bytes, int n) {
        for (int i = 0; i < Math.min(n, 4); i++) {
            if (bytes[i] != (byte) (MAGIC >>> (24 - 8 * i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean bad(int length) {
        return length < 0 || length > MAX_LENGTH;
    }
}
