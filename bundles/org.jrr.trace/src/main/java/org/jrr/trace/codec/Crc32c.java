package org.jrr.trace.codec;

import java.util.zip.CRC32C;

/** CRC-32C (hardware-accelerated in the JDK) of a byte range, as an int. */
public final class Crc32c {
    private Crc32c() {
    }

    public static int of(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }
}
