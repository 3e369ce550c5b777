package org.jrr.linux.perf;

/**
 * The one-bit flags of {@code struct perf_event_attr} (the u64 bit field at offset 40), with their bit numbers
 * from {@code linux/perf_event.h}. Bits 15-16 ({@code precise_ip}) are a 2-bit number, set with
 * {@link PerfEventAttr#withPreciseIp(int)}, so they are not here.
 */
public enum PerfFlag {
    DISABLED(0),
    INHERIT(1),
    PINNED(2),
    EXCLUSIVE(3),
    EXCLUDE_USER(4),
    EXCLUDE_KERNEL(5),
    EXCLUDE_HV(6),
    EXCLUDE_IDLE(7),
    MMAP(8),
    COMM(9),
    FREQ(10),
    INHERIT_STAT(11),
    ENABLE_ON_EXEC(12),
    TASK(13),
    WATERMARK(14),
    MMAP_DATA(17),
    SAMPLE_ID_ALL(18),
    EXCLUDE_HOST(19),
    EXCLUDE_GUEST(20),
    EXCLUDE_CALLCHAIN_KERNEL(21),
    EXCLUDE_CALLCHAIN_USER(22),
    MMAP2(23),
    COMM_EXEC(24),
    USE_CLOCKID(25),
    CONTEXT_SWITCH(26),
    WRITE_BACKWARD(27),
    NAMESPACES(28),
    KSYMBOL(29),
    BPF_EVENT(30),
    AUX_OUTPUT(31),
    CGROUP(32),
    TEXT_POKE(33),
    BUILD_ID(34),
    INHERIT_THREAD(35),
    REMOVE_ON_EXEC(36),
    SIGTRAP(37);

    private final int bit;

    PerfFlag(int bit) {
        this.bit = bit;
    }

    /** The bit number in the flags word. */
    public int bit() {
        return bit;
    }

    /** The flag as a mask of the flags word. */
    public long mask() {
        return 1L << bit;
    }
}
