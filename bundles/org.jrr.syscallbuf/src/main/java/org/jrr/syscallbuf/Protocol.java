package org.jrr.syscallbuf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The numbers shared with the preload library: native/src/preload/syscallbuf.h says the same, and the two
 * change together.
 */
final class Protocol {
    static final long PAGE = 0x7000e000L;
    static final int PAGE_SIZE = 4096;
    static final long BUFFERED = PAGE, RECORD_ONLY = PAGE + 0x10, REPLAYED = PAGE + 0x20, EXECUTED = PAGE + 0x30;
    static final int MAGIC_OFFSET = 0x100;
    static final byte[] MAGIC = "JRRSBUF5".getBytes(StandardCharsets.US_ASCII);
    static final int CALL_REGISTER = 1000, CALL_FLUSH = 1001, CALL_DIVERGED = 1002;
    static final int HEADER_SIZE = 64, RECORD_HEADER_SIZE = 64;
    /** Header fields: num_rec_bytes (u32), replay_end (u32), locked, abort_commit (u8). */
    static final int NUM_REC_BYTES = 0, REPLAY_END = 4, LOCKED = 8, ABORT_COMMIT = 9, OTHERS_READY = 11;
    /** After the magic: 1 on the replay page. */
    static final int MODE_OFFSET = 0x108;
    /** After the mode: 1 once the process has a seccomp filter of its own (the library buffers nothing). */
    static final int OFF_OFFSET = 0x109;
    /**
     * On the page: 1 once a file is mapped shared in the recording; then a byte per descriptor, 1 while it refers to
     * such a file (the library traces reads and writes of it).
     */
    static final int SHARED_ANY_OFFSET = 0x3ff, TRACED_FDS_OFFSET = 0x400, TRACED_FDS = 1024;
    /** Record fields: size (u32), number (u16), flags (u16), result (i64), six arguments (u64). */
    static final int REC_SIZE = 0, REC_NR = 4, REC_RESULT = 8, REC_ARGS = 16;
    static final int DESCHED_SIGNAL = 30; // SIGPWR
    /** Records larger than this are not the library's: the buffer is 1 MiB. */
    static final int MAX_BUFFER = 1 << 20;

    /** pushfq; pop %r11; syscall; ret: the buffered entry, which writes the stack word the replayed one does. */
    private static final byte[] BUFFERED_CALL = {(byte) 0x9c, 0x41, 0x5b, 0x0f, 0x05, (byte) 0xc3};
    static final long BUFFERED_IP = BUFFERED + 5;
    private static final byte[] UD2 = {0x0f, 0x0b};
    /**
     * The replayed entry: mov (%rcx),%rax (the record's result); mov $BUFFERED_IP,%ecx; pushfq; pop %r11; ret,
     * which leaves the registers and the stack as the buffered entry's syscall did.
     */
    private static final byte[] REPLAYED_CALL = {0x48, (byte) 0x8b, 0x01, (byte) 0xb9, 0x05, (byte) 0xe0, 0x00, 0x70,
            (byte) 0x9c, 0x41, 0x5b, (byte) 0xc3};
    /**
     * The record-only entry. Recording: pushfq; pop %r11; syscall; ret. Replaying: pushfq; pop %r11;
     * mov $RECORD_ONLY_IP,%ecx; mov $0,%eax; ret, which returns 0 and leaves the registers (rcx, r11, the flags)
     * and the stack below the stack pointer (pushfq's word) as the recording's syscall did.
     */
    private static final byte[] RECORD_ONLY_CALL = {(byte) 0x9c, 0x41, 0x5b, 0x0f, 0x05, (byte) 0xc3};
    static final long RECORD_ONLY_IP = RECORD_ONLY + 5;
    /**
     * The executed entry, in both modes pushfq; pop %r11; syscall; ret: let through when recording, made by jrr where
     * the program stops at it when replaying (calls whose effect replay must have again: madvise).
     */
    private static final byte[] EXECUTED_CALL = BUFFERED_CALL;
    static final long EXECUTED_IP = EXECUTED + 5;
    private static final byte[] RETURN_ZERO = {(byte) 0x9c, 0x41, 0x5b, (byte) 0xb9, 0x15, (byte) 0xe0, 0x00, 0x70,
            (byte) 0xb8, 0, 0, 0, 0, (byte) 0xc3};

    private Protocol() {
    }

    /** The library's divergence request's bits (syscallbuf.h, JRR_SB_CALL_DIVERGED) in words. */
    static String differences(long bits) {
        java.util.List<String> what = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            if ((bits & 1L << i) != 0) {
                what.add("argument " + (i + 1));
            }
        }
        String[] more = {"the syscall", "the record's size", "the record runs past the flush", "the result"};
        for (int i = 0; i < more.length; i++) {
            if ((bits & 1L << (6 + i)) != 0) {
                what.add(more[i]);
            }
        }
        return what.isEmpty() ? "nothing said" : String.join(", ", what);
    }

    /**
     * The page of entry points: the buffered one runs its syscall (untraced when recording, traced when replaying);
     * the record-only one (the desched counter's switches) runs only when recording; the replayed one, only
     * called when replaying, returns a record's result; the executed one runs its syscall in both modes.
     */
    static byte[] page(boolean replay) {
        ByteBuffer b = ByteBuffer.allocate(PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put((int) (BUFFERED - PAGE), BUFFERED_CALL);
        b.put((int) (RECORD_ONLY - PAGE), replay ? RETURN_ZERO : RECORD_ONLY_CALL);
        b.put((int) (REPLAYED - PAGE), replay ? REPLAYED_CALL : UD2);
        b.put((int) (EXECUTED - PAGE), EXECUTED_CALL);
        b.put(MAGIC_OFFSET, MAGIC);
        b.put(MODE_OFFSET, (byte) (replay ? 1 : 0));
        return b.array();
    }
}
