package org.jrr.syscallbuf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jrr.api.syscall.TraceeMemory;
import org.jrr.api.syscallbuf.Contents;
import org.jrr.api.syscallbuf.Request;
import org.junit.jupiter.api.Test;

/** The buffer's format as the preload library writes it (native/src/preload/syscallbuf.h). */
class RecordsTest {
    private static final long BUFFER = 0x10000;

    /** A buffer image: header, then records of (number, result, first argument, data bytes). */
    private static byte[] buffer(boolean locked, long[]... records) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        int at = Protocol.HEADER_SIZE;
        for (long[] r : records) {
            int size = Protocol.RECORD_HEADER_SIZE + (int) r[3];
            b.putInt(at, size).putShort(at + 4, (short) r[0]).putLong(at + 8, r[1]).putLong(at + 16, r[2]);
            at += size;
        }
        b.putInt(Protocol.NUM_REC_BYTES, at - Protocol.HEADER_SIZE).put(Protocol.LOCKED, (byte) (locked ? 1 : 0));
        return b.array();
    }

    private static TraceeMemory memory(byte[] image) {
        return (address, length) -> Arrays.copyOfRange(image, (int) (address - BUFFER),
                (int) (address - BUFFER) + length);
    }

    @Test
    void readsTheRecordsPastTheCursor() throws IOException {
        SyscallBufferService s = new SyscallBufferService();
        byte[] image = buffer(true, new long[] {17, 64, 3, 64}, new long[] {39, 1234, 0, 0});
        Contents all = s.read(memory(image), BUFFER, 0);
        assertEquals(2, all.calls().size());
        assertEquals(17, all.calls().get(0).number());
        assertEquals(64, all.calls().get(0).result());
        assertEquals(3, all.calls().get(0).args()[0]);
        assertEquals(39, all.calls().get(1).number());
        assertEquals(192, all.end());
        assertTrue(all.locked());
        Contents rest = s.read(memory(image), BUFFER, 128);
        assertEquals(1, rest.calls().size());
        assertEquals(1234, rest.calls().get(0).result());
        assertEquals(0, s.read(memory(image), BUFFER, 192).calls().size());
    }

    @Test
    void aDamagedBufferIsAnErrorNotAGuess() {
        byte[] image = buffer(false, new long[] {17, 64, 3, 64});
        ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putInt(Protocol.HEADER_SIZE, 12);
        IOException e = assertThrows(IOException.class, () -> new SyscallBufferService().read(memory(image), BUFFER, 0));
        assertTrue(e.getMessage().contains("bad size 12"), e.getMessage());
    }

    @Test
    void requestsPagesAndWrites() {
        SyscallBufferService s = new SyscallBufferService();
        assertEquals(new Request.Register(0x1000, 1 << 20, 5), s.request(1000, new long[] {0x1000, 1 << 20, 5, 0, 0, 0}));
        assertEquals(new Request.Flush(), s.request(1001, new long[6]));
        assertEquals(null, s.request(39, new long[6]));
        byte[] rec = Protocol.page(false), rep = Protocol.page(true);
        assertArrayEquals(new byte[] {0x0f, 0x05, (byte) 0xc3}, Arrays.copyOf(rec, 3));
        assertArrayEquals(Arrays.copyOf(rec, 3), Arrays.copyOf(rep, 3), "the buffered entry is a syscall in both");
        assertArrayEquals(new byte[] {0x0f, 0x05}, Arrays.copyOfRange(rec, 0x13, 0x15), "recording: a syscall");
        assertEquals(0x7000e015L, Protocol.RECORD_ONLY_IP);
        assertEquals((byte) 0x15, rep[0x14], "replay: rcx as after the recording's syscall");
        assertEquals(BUFFER + 5, s.abortCommit(BUFFER).address());
        assertArrayEquals(new byte[4], s.empty(BUFFER).data());
    }
}
