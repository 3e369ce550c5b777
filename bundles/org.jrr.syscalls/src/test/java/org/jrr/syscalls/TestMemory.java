package org.jrr.syscalls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

import org.jrr.api.syscall.TraceeMemory;

/**
 * Test data: tracee memory as a byte map. Reading a byte that was never put fails, so a test also proves the
 * handler read nothing it should not have.
 */
final class TestMemory implements TraceeMemory {
    private final Map<Long, Byte> bytes = new HashMap<>();

    TestMemory put(long address, byte[] data) {
        for (int i = 0; i < data.length; i++) {
            bytes.put(address + i, data[i]);
        }
        return this;
    }

    TestMemory putInt(long address, int value) {
        return put(address, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    TestMemory putLong(long address, long value) {
        return put(address, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    /** Writes x86_64 iovecs {base, len} at {@code address}. */
    TestMemory putIovecs(long address, long... baseLenPairs) {
        for (int i = 0; i < baseLenPairs.length; i++) {
            putLong(address + 8L * i, baseLenPairs[i]);
        }
        return this;
    }

    @Override
    public byte[] read(long address, int length) throws IOException {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            Byte b = bytes.get(address + i);
            if (b == null) {
                throw new IOException("unmapped test memory at 0x" + Long.toHexString(address + i));
            }
            out[i] = b;
        }
        return out;
    }
}
