package org.jrr.syscallbuf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.jrr.api.syscall.TraceeMemory;
import org.jrr.api.syscallbuf.BufferedCall;
import org.jrr.api.syscallbuf.Contents;
import org.jrr.api.syscallbuf.Request;
import org.jrr.api.trace.BufferFlushEvent;
import org.jrr.api.trace.MemWrite;
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
        List<BufferedCall> calls = s.decode(all.records());
        assertEquals(2, calls.size());
        assertEquals(17, calls.get(0).number());
        assertEquals(64, calls.get(0).result());
        assertEquals(3, calls.get(0).args()[0]);
        assertEquals(64, calls.get(0).written());
        assertEquals(39, calls.get(1).number());
        assertEquals(192, all.end());
        assertTrue(all.locked());
        Contents rest = s.read(memory(image), BUFFER, 128);
        assertEquals(1, s.decode(rest.records()).size());
        assertEquals(1234, s.decode(rest.records()).get(0).result());
        assertEquals(0, s.read(memory(image), BUFFER, 192).records().length);
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
        Request d = s.request(1002, new long[] {128, 0, 0x50, 4, 5, 6});
        assertTrue(d instanceof Request.Diverged v && v.offset() == 128 && v.args()[2] == 6, d.toString());
        assertEquals("argument 5, the syscall", ((Request.Diverged) d).differs());
        byte[] rec = Protocol.page(false), rep = Protocol.page(true);
        assertArrayEquals(new byte[] {0x0f, 0x05, (byte) 0xc3}, Arrays.copyOfRange(rec, 3, 6));
        assertEquals(0x7000e005L, s.setup().bufferedIp());
        assertArrayEquals(Arrays.copyOf(rec, 6), Arrays.copyOf(rep, 6), "the buffered entry is a syscall in both");
        assertArrayEquals(new byte[] {0x0f, 0x0b}, Arrays.copyOfRange(rec, 0x20, 0x22), "recording: never replayed");
        assertEquals((byte) 0x05, rep[0x24], "replayed: rcx as after the buffered entry's syscall");
        assertArrayEquals(new byte[] {0x0f, 0x05}, Arrays.copyOfRange(rec, 0x13, 0x15), "recording: a syscall");
        assertEquals(0x7000e015L, Protocol.RECORD_ONLY_IP);
        assertEquals((byte) 0x15, rep[0x14], "replay: rcx as after the recording's syscall");
        assertArrayEquals(Arrays.copyOfRange(rec, 0x30, 0x36), Arrays.copyOfRange(rep, 0x30, 0x36),
                "the executed entry is the same syscall in both");
        assertArrayEquals(new byte[] {0x0f, 0x05}, Arrays.copyOfRange(rep, 0x33, 0x35));
        assertEquals(0x7000e035L, s.replayExecutedIp());
        assertEquals(3, s.setup().untracedIps().length, "the filter lets the buffered, record-only and executed through");
        assertEquals("the result", Protocol.differences(1 << 9));
        assertEquals("JRRSBUF5", s.protocol(), "the page's magic names the protocol");
        assertEquals(0, rec[0x108], "the recording's page says so");
        assertEquals(1, rep[0x108], "and the replay's");
        assertEquals(BUFFER + 11, s.othersReady(BUFFER, true).address());
        assertArrayEquals(new byte[] {1}, s.othersReady(BUFFER, true).data());
        assertArrayEquals(new byte[] {0}, s.othersReady(BUFFER, false).data());
        assertEquals(BUFFER + 9, s.abortCommit(BUFFER).address());
        assertArrayEquals(new byte[8], s.empty(BUFFER).data(), "the records and where replay's end");
    }

    @Test
    void replayPutsTheRecordsBackAsTheyWere() throws IOException {
        SyscallBufferService s = new SyscallBufferService();
        byte[] image = buffer(false, new long[] {0, 5, 3, 8}, new long[] {39, 1234, 0, 0});
        byte[] records = Arrays.copyOfRange(image, Protocol.HEADER_SIZE, Protocol.HEADER_SIZE + 136);
        BufferFlushEvent flush = new BufferFlushEvent(BUFFER, 64, records);
        assertEquals(64 + 136, flush.end());
        byte[] replayed = new byte[4096];
        for (MemWrite w : s.replayRecords(flush)) {
            System.arraycopy(w.data(), 0, replayed, (int) (w.address() - BUFFER), w.length());
        }
        assertArrayEquals(records, Arrays.copyOfRange(replayed, Protocol.HEADER_SIZE + 64, Protocol.HEADER_SIZE + 200));
        ByteBuffer h = ByteBuffer.wrap(replayed).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(flush.end(), h.getInt(Protocol.REPLAY_END), "where the library stops taking records");
        h.putInt(Protocol.NUM_REC_BYTES, 77);
        assertEquals(77, s.committed(memory(replayed), BUFFER));
    }
}
