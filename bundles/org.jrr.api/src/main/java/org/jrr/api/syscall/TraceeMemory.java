package org.jrr.api.syscall;

import java.io.IOException;

/** Read access to a stopped tracee's memory, for handlers that follow pointers (iovecs, msghdr...). */
public interface TraceeMemory {
    byte[] read(long address, int length) throws IOException;

    default long readLong(long address) throws IOException {
        byte[] b = read(address, 8);
        return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    default int readInt(long address) throws IOException {
        byte[] b = read(address, 4);
        return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
