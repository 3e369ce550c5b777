package org.jrr.gdb.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.jrr.api.arch.Registers;
import org.jrr.gdb.packet.Hex;
import org.junit.jupiter.api.Test;

class RegisterEncoderTest {
    private static final TargetDescription TARGET = Amd64Linux.DESCRIPTION;
    private final RegisterEncoder encoder = new RegisterEncoder(TARGET);

    /** Each user_regs_struct word holds a distinct pattern: 0x11 * (index + 1) in each byte. */
    static Registers registers() {
        long[] w = new long[Registers.COUNT];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0x0101010101010101L * (i + 1);
        }
        return Registers.of(w);
    }

    static byte[] fxsave() {
        ByteBuffer fx = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        fx.putShort(0, (short) 0x037f); // fcw
        fx.putShort(2, (short) 0x3800); // fsw: top = 7
        fx.put(4, (byte) 0x80); // abridged tag: physical 7 (= st0) in use
        fx.putShort(6, (short) 0xf9db); // fop: only 11 bits are the opcode
        fx.putLong(8, 0x1122334455667788L); // FPU IP
        fx.putLong(16, 0x99aabbccddeeff00L); // FPU DP
        fx.putInt(24, 0x1f80); // mxcsr
        fx.putLong(32, 0x8000000000000000L).putShort(40, (short) 0x3fff); // st0 = 1.0
        for (int i = 0; i < 16; i++) {
            for (int b = 0; b < 16; b++) {
                fx.put(160 + 16 * i + b, (byte) (i << 4 | b));
            }
        }
        return fx.array();
    }

    /** The hex of register {@code regnum} in a {@code g} reply, found by adding up the sizes before it. */
    static String slice(String g, int regnum) {
        int off = 0;
        List<GdbRegister> regs = TARGET.registers();
        for (GdbRegister r : regs) {
            if (r.regnum() == regnum) {
                return g.substring(off, off + 2 * r.size());
            }
            off += 2 * r.size();
        }
        throw new AssertionError("no register " + regnum);
    }

    @Test
    void theGReplyHasEveryRegisterAtGdbsOffset() {
        String g = encoder.all(registers(), fxsave());
        assertEquals(2 * 560, g.length());
        // GPRs: gdb order rax rbx rcx rdx rsi rdi rbp rsp r8..r15 from user_regs_struct order
        assertEquals(Hex.littleEndian(registers().get(Registers.RAX), 8), slice(g, 0));
        assertEquals(Hex.littleEndian(registers().get(Registers.RBX), 8), slice(g, 1));
        assertEquals(Hex.littleEndian(registers().get(Registers.RDI), 8), slice(g, 5));
        assertEquals(Hex.littleEndian(registers().get(Registers.RSP), 8), slice(g, 7));
        assertEquals(Hex.littleEndian(registers().get(Registers.R8), 8), slice(g, 8));
        assertEquals(Hex.littleEndian(registers().get(Registers.R15), 8), slice(g, 15));
        assertEquals(Hex.littleEndian(registers().get(Registers.RIP), 8), slice(g, 16));
        assertEquals(Hex.littleEndian(registers().get(Registers.EFLAGS), 4), slice(g, 17));
        assertEquals(Hex.littleEndian(registers().get(Registers.CS), 4), slice(g, 18));
        assertEquals(Hex.littleEndian(registers().get(Registers.GS), 4), slice(g, 23));
        assertEquals(Hex.littleEndian(registers().get(Registers.ORIG_RAX), 8), slice(g, 57));
        assertEquals(Hex.littleEndian(registers().get(Registers.FS_BASE), 8), slice(g, 58));
        assertEquals(Hex.littleEndian(registers().get(Registers.GS_BASE), 8), slice(g, 59));
        // absolute offsets, as gdb computes them for this description
        assertEquals(Hex.littleEndian(registers().get(Registers.RIP), 8), g.substring(2 * 128, 2 * 136));
        assertEquals(Hex.littleEndian(registers().get(Registers.EFLAGS), 4), g.substring(2 * 136, 2 * 140));
        assertEquals("0000000000000080ff3f", g.substring(2 * 164, 2 * 174)); // st0 after 164 bytes
        assertEquals("7f030000", g.substring(2 * 244, 2 * 248)); // fctrl after 8 x 10 bytes of st
        assertEquals("000102030405060708090a0b0c0d0e0f", g.substring(2 * 276, 2 * 292)); // xmm0
        assertEquals("801f0000", g.substring(2 * 532, 2 * 536)); // mxcsr
        assertEquals(Hex.littleEndian(registers().get(Registers.GS_BASE), 8), g.substring(2 * 552));
    }

    @Test
    void x87AndSseRegistersComeFromFxsave() {
        String g = encoder.all(registers(), fxsave());
        assertEquals("0000000000000080ff3f", slice(g, 24)); // st0 = 1.0, 10 bytes
        assertEquals("00000000000000000000", slice(g, 25));
        assertEquals("7f030000", slice(g, 32)); // fctrl
        assertEquals("00380000", slice(g, 33)); // fstat
        assertEquals("ff3f0000", slice(g, 34)); // ftag: st0 (physical 7) valid, the rest empty
        assertEquals("44332211", slice(g, 35)); // fiseg: high half of the 64-bit FPU IP, as gdb's amd64
        assertEquals("88776655", slice(g, 36)); // fioff: low half
        assertEquals("ccbbaa99", slice(g, 37)); // foseg: high half of the FPU DP
        assertEquals("00ffeedd", slice(g, 38)); // fooff: low half
        assertEquals("db010000", slice(g, 39)); // fop: 0xf9db & 0x7ff
        assertEquals("000102030405060708090a0b0c0d0e0f", slice(g, 40)); // xmm0
        assertEquals("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", slice(g, 55)); // xmm15
        assertEquals("801f0000", slice(g, 56)); // mxcsr
    }

    @Test
    void missingFxsaveMakesThoseRegistersUnavailable() {
        String g = encoder.all(registers(), null);
        assertEquals(2 * 560, g.length());
        assertEquals("x".repeat(20), slice(g, 24));
        assertEquals("x".repeat(32), slice(g, 40));
        assertEquals(Hex.littleEndian(registers().get(Registers.RIP), 8), slice(g, 16));
        String shortFx = encoder.all(registers(), new byte[100]);
        assertEquals("0".repeat(20), slice(shortFx, 24)); // st0 fits in 100 bytes
        assertEquals("x".repeat(32), slice(shortFx, 40)); // xmm0 does not
    }

    @Test
    void oneRegister() {
        GdbRegister rip = TARGET.register(16).orElseThrow();
        assertEquals("rip", rip.name());
        assertEquals(Hex.littleEndian(registers().get(Registers.RIP), 8), encoder.one(rip, registers(), null));
    }

    @Test
    void avxRegistersComeFromTheXsaveLayoutGivenAndWritesMarkTheirComponent() {
        TargetDescription avx = Amd64Linux.forCpu(java.util.Set.of("avx", "avx512"),
                java.util.Map.of(2, 576, 5, 832, 6, 896, 7, 1408));
        byte[] x = java.util.Arrays.copyOf(fxsave(), 2432);
        x[576] = 0x42; // ymm0h's first byte
        x[832 + 8 * 7] = 0x77; // k7
        x[1408 + 64 * 15 + 63] = (byte) 0x99; // zmm31's last byte
        GdbRegister ymm0h = avx.registers().stream().filter(r -> r.name().equals("ymm0h")).findFirst().orElseThrow();
        GdbRegister k7 = avx.registers().stream().filter(r -> r.name().equals("k7")).findFirst().orElseThrow();
        GdbRegister zmm31h = avx.registers().stream().filter(r -> r.name().equals("zmm31h")).findFirst()
                .orElseThrow();
        assertEquals("42" + "00".repeat(15), new RegisterEncoder(avx).one(ymm0h, registers(), x));
        assertEquals("77" + "00".repeat(7), new RegisterEncoder(avx).one(k7, registers(), x));
        assertEquals("00".repeat(31) + "99", new RegisterEncoder(avx).one(zmm31h, registers(), x));
        // the FXSAVE area alone: AVX registers are unavailable
        assertEquals("xx".repeat(16), new RegisterEncoder(avx).one(ymm0h, registers(), fxsave()));

        RegisterEncoder.putFx(k7, x, Hex.decode("0100000000000000"));
        assertEquals(1, x[832 + 56]);
        assertEquals(1 << 5, x[RegisterEncoder.XSTATE_BV] & 0xff, "opmask (5) in use");
    }
}
