package org.jrr.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jrr.api.syscall.TraceeMemory;

/**
 * A task's memory through {@code /proc/<tid>/mem}: reads and writes work on any mapped page, read-only ones
 * included (the kernel forces them), which is what a tracer needs.
 */
public final class TaskMemory implements TraceeMemory, AutoCloseable {
    private final int tid;
    private final FileChannel channel;

    public TaskMemory(int tid) throws IOException {
        this.tid = tid;
        this.channel = FileChannel.open(Path.of("/proc", Integer.toString(tid), "mem"), StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    @Override
    public byte[] read(long address, int length) throws IOException {
        byte[] out = new byte[length];
        int n = readPartial(address, out);
        if (n < length) {
            throw new IOException(String.format("task %d: cannot read %d bytes at 0x%x (got %d)", tid, length,
                    address, n));
        }
        return out;
    }

    /** Reads as much as is mapped from {@code address}; returns the count (short at an unmapped page). */
    public int readPartial(long address, byte[] out) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(out);
        while (buf.hasRemaining()) {
            int n;
            try {
                n = channel.read(buf, address + buf.position());
            } catch (IOException e) { // EIO: an unmapped page
                break;
            }
            if (n <= 0) {
                break;
            }
        }
        return buf.position();
    }

    public void write(long address, byte[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
            int n = channel.write(buf, address + buf.position());
            if (n <= 0) {
                throw new IOException(String.format("task %d: cannot write %d bytes at 0x%x", tid, data.length,
                        address));
            }
        }
    }

    public void writeLong(long address, long value) throws IOException {
        write(address, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    /** A NUL-terminated string of at most {@code max} bytes. */
    public String readString(long address, int max) throws IOException {
        byte[] b = new byte[Math.min(max, 4096)];
        StringBuilder sb = new StringBuilder();
        long at = address;
        while (sb.length() < max) {
            int n = readPartial(at, b);
            for (int i = 0; i < n; i++) {
                if (b[i] == 0) {
                    return sb.toString();
                }
                sb.append((char) (b[i] & 0xff));
            }
            if (n < b.length) {
                break;
            }
            at += n;
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
