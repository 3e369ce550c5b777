package org.jrr.syscalls.spec;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.jrr.api.syscall.TraceeMemory;

/**
 * What the specs need to know about one ABI: its word size, page size and the sizes of the C types they name.
 * Struct layouts that the specs walk (iovec, msghdr, mmsghdr) are word-based, so their field offsets are derived
 * from {@link #wordSize()}; only their total sizes are in the table.
 *
 * <p>Only {@code x86_64} is defined. An {@code i386} table (word size 4, {@code struct stat} 88 bytes...) can be
 * added to {@link #KNOWN} without touching any spec.
 */
public record Abi(String arch, int wordSize, int pageSize, Map<CType, Integer> sizes) {

    public static final Abi X86_64 = new Abi("x86_64", 8, 4096, x86_64Sizes());

    private static final Map<String, Abi> KNOWN = Map.of(X86_64.arch(), X86_64);

    public Abi {
        if (wordSize != 4 && wordSize != 8) {
            throw new IllegalArgumentException("word size " + wordSize);
        }
        sizes = Map.copyOf(sizes);
    }

    /** The ABI named {@code arch}, if the specs have layouts for it. */
    public static Optional<Abi> find(String arch) {
        return Optional.ofNullable(KNOWN.get(arch));
    }

    /** The ABI named {@code arch}; fails with a message naming it when the specs have no layouts for it. */
    public static Abi of(String arch) {
        return find(arch).orElseThrow(() -> new UnsupportedOperationException(
                "the standard syscall specs have no struct layouts for the " + arch + " ABI yet"));
    }

    /** The size of {@code type} in bytes on this ABI. */
    public int sizeOf(CType type) {
        Integer size = sizes.get(type);
        if (size == null) {
            throw new UnsupportedOperationException("no size for " + type.cName() + " on " + arch);
        }
        return size;
    }

    /** Reads one unsigned machine word (a pointer, a size_t). */
    public long readWord(TraceeMemory memory, long address) throws IOException {
        return wordSize == 8 ? memory.readLong(address) : Integer.toUnsignedLong(memory.readInt(address));
    }

    /** Decodes one unsigned machine word at {@code offset} of {@code bytes} (little-endian: x86). */
    public long word(byte[] bytes, int offset) {
        long value = 0;
        for (int i = wordSize - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }

    private static Map<CType, Integer> x86_64Sizes() {
        Map<CType, Integer> m = new EnumMap<>(CType.class);
        m.put(CType.INT, 4);
        m.put(CType.LONG, 8);
        m.put(CType.U64, 8);
        m.put(CType.STAT, 144);
        m.put(CType.STATX, 256);
        m.put(CType.STATFS, 120);
        m.put(CType.TIMESPEC, 16);
        m.put(CType.TIMEVAL, 16);
        m.put(CType.TIMEZONE, 8);
        m.put(CType.ITIMERVAL, 32);
        m.put(CType.ITIMERSPEC, 32);
        m.put(CType.TIMEX, 208);
        m.put(CType.TMS, 32);
        m.put(CType.RLIMIT, 16);
        m.put(CType.RLIMIT64, 16);
        m.put(CType.RUSAGE, 144);
        m.put(CType.SYSINFO, 112);
        m.put(CType.UTSNAME, 390);
        m.put(CType.KERNEL_SIGACTION, 32);
        m.put(CType.STACK_T, 24);
        m.put(CType.SIGINFO, 128);
        m.put(CType.FLOCK, 32);
        m.put(CType.F_OWNER_EX, 8);
        m.put(CType.TERMIOS, 36);
        m.put(CType.TERMIOS2, 44);
        m.put(CType.WINSIZE, 8);
        m.put(CType.POLLFD, 8);
        m.put(CType.EPOLL_EVENT, 12);
        m.put(CType.SOCKADDR_STORAGE, 128);
        m.put(CType.CAP_USER_DATA, 12);
        m.put(CType.SCHED_PARAM, 4);
        m.put(CType.IOVEC, 16);
        m.put(CType.MSGHDR, 56);
        m.put(CType.MMSGHDR, 64);
        m.put(CType.MSQID_DS, 120);
        m.put(CType.SEMID_DS, 104);
        m.put(CType.MSGINFO, 32);
        m.put(CType.SEMINFO, 40);
        m.put(CType.MQ_ATTR, 64);
        m.put(CType.CACHESTAT, 40);
        m.put(CType.IFREQ, 40);
        m.put(CType.IFCONF, 16);
        return m;
    }
}
