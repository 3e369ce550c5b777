package org.jrr.api.trace;

import java.util.Arrays;

/** Bytes written to tracee memory at an address: by the kernel during a syscall, or a snapshot. */
public record MemWrite(long address, byte[] data) {
    public MemWrite {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    /** Writes the bytes into {@code dst} at {@code offset} without another copy. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(data, 0, dst, offset, data.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemWrite m && m.address == address && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "MemWrite[0x" + Long.toHexString(address) + ", " + data.length + " bytes]";
    }
}
