package org.jrr.kernel.task;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Fields of a raw siginfo_t that jrr reads. */
public record Siginfo(int signo, int errno, int code, int pid) {
    /** si_code of a fault raised by the kernel itself: how trapped rdtsc and cpuid show up. */
    public static final int SI_KERNEL = 0x80;
    /** si_code of a signal sent with tkill or tgkill. */
    public static final int SI_TKILL = -6;

    public static Siginfo parse(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        // the union of per-kind fields starts at offset 16 on 64-bit; si_pid is its first word for kill/tkill
        return new Siginfo(b.getInt(0), b.getInt(4), b.getInt(8), b.getInt(16));
    }

    /**
     * A fault caused by the task's own instruction: happens again at the same point in replay. The kernel's own
     * (SI_KERNEL) count: int3 and general-protection faults; jrr claims its trapped rdtsc and cpuid before.
     */
    public boolean synchronousFault() {
        // SI_KERNEL too: int3, and a general-protection fault (the rdtsc/cpuid traps jrr claims come first)
        return code > 0 && (signo == 11 || signo == 7 || signo == 8 || signo == 4 || signo == 5);
    }

    /** A raw siginfo_t of a signal sent by a process (SI_USER): what a tracer's PTRACE_CONT with another gives. */
    public static byte[] user(int signo, int pid, int uid) {
        ByteBuffer b = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, signo).putInt(8, 0).putInt(16, pid).putInt(20, uid);
        return b.array();
    }

    /** Whether process {@code sender} sent this with tkill/tgkill. */
    public boolean sentBy(int sender) {
        return code == SI_TKILL && pid == sender;
    }
}
