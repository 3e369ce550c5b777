package org.jrr.api.arch;

import java.util.Arrays;

/**
 * The general-purpose registers of one task, in the kernel's x86-64 {@code user_regs_struct} order (what
 * PTRACE_GETREGS gives, for 64-bit and 32-bit tracees alike). Immutable: {@code with*} methods copy.
 */
public final class Registers {
    public static final int R15 = 0, R14 = 1, R13 = 2, R12 = 3, RBP = 4, RBX = 5, R11 = 6, R10 = 7, R9 = 8,
            R8 = 9, RAX = 10, RCX = 11, RDX = 12, RSI = 13, RDI = 14, ORIG_RAX = 15, RIP = 16, CS = 17,
            EFLAGS = 18, RSP = 19, SS = 20, FS_BASE = 21, GS_BASE = 22, DS = 23, ES = 24, FS = 25, GS = 26;
    public static final int COUNT = 27;
    private static final String[] NAMES = {"r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8",
        "rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base",
        "ds", "es", "fs", "gs"};

    private final long[] words;

    private Registers(long[] words) {
        this.words = words;
    }

    public static Registers of(long[] words) {
        if (words.length != COUNT) {
            throw new IllegalArgumentException("expected " + COUNT + " register words, got " + words.length);
        }
        return new Registers(words.clone());
    }

    public static String name(int index) {
        return NAMES[index];
    }

    public long get(int index) {
        return words[index];
    }

    public Registers with(int index, long value) {
        long[] w = words.clone();
        w[index] = value;
        return new Registers(w);
    }

    public long[] toArray() {
        return words.clone();
    }

    public long ip() {
        return words[RIP];
    }

    public long sp() {
        return words[RSP];
    }

    /** The syscall number at a syscall stop. */
    public long origAx() {
        return words[ORIG_RAX];
    }

    public long ax() {
        return words[RAX];
    }

    /** The indexes whose values differ, in order; empty when equal. */
    public int[] differences(Registers other) {
        return java.util.stream.IntStream.range(0, COUNT).filter(i -> words[i] != other.words[i]).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Registers r && Arrays.equals(words, r.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < COUNT; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(NAMES[i]).append("=0x").append(Long.toHexString(words[i]));
        }
        return sb.toString();
    }
}
