package org.jrr.kernel.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the dynamic symbols of an in-memory ELF64 image (the vDSO). */
public final class ElfSymbols {
    private ElfSymbols() {
    }

    /** Symbol name to value (as stored: an offset from the image's load address for the vDSO). */
    public static Map<String, long[]> dynamicSymbols(byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        if (image.length < 64 || b.getInt(0) != 0x464c457f || image[4] != 2) {
            throw new IllegalArgumentException("not an ELF64 image");
        }
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
        int shnum = Short.toUnsignedInt(b.getShort(0x3c));
        Map<String, long[]> out = new LinkedHashMap<>();
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != 11) { // SHT_DYNSYM
                continue;
            }
            long symOff = b.getLong(sh + 0x18);
            long symSize = b.getLong(sh + 0x20);
            int link = b.getInt(sh + 0x28);
            int strSh = (int) (shoff + (long) link * shentsize);
            long strOff = b.getLong(strSh + 0x18);
            for (long s = symOff; s + 24 <= symOff + symSize; s += 24) {
                int nameOff = b.getInt((int) s);
                long value = b.getLong((int) s + 8);
                long size = b.getLong((int) s + 16);
                if (nameOff != 0 && value != 0) {
                    out.put(cString(image, (int) (strOff + nameOff)), new long[] {value, size});
                }
            }
        }
        return out;
    }

    private static String cString(byte[] image, int at) {
        int end = at;
        while (end < image.length && image[end] != 0) {
            end++;
        }
        return new String(image, at, end - at, StandardCharsets.US_ASCII);
    }
}
