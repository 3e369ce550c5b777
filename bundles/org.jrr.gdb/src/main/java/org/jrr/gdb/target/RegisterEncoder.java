package org.jrr.gdb.target;

import org.jrr.api.arch.Registers;
import org.jrr.gdb.packet.Hex;

/** Register values in gdb's wire form: target (little-endian) byte order, hex; {@code xx} for unavailable bytes. */
public final class RegisterEncoder {
    /** The FXSAVE area's size; a shorter one leaves the registers past its end unavailable. */
    public static final int FXSAVE_SIZE = 512;
    /** Where the XSAVE header's XSTATE_BV (the components in use) is. */
    static final int XSTATE_BV = 512;

    private final TargetDescription target;

    public RegisterEncoder(TargetDescription target) {
        this.target = target;
    }

    /**
     * The {@code g} reply: every register in regnum order. {@code fx} is the XSAVE area, or the FXSAVE area
     * alone (no AVX registers then), or null (x87/SSE unavailable).
     */
    public String all(Registers regs, byte[] fx) {
        StringBuilder sb = new StringBuilder();
        for (GdbRegister r : target.registers()) {
            sb.append(one(r, regs, fx));
        }
        return sb.toString();
    }

    public String one(GdbRegister r, Registers regs, byte[] fx) {
        byte[] v = value(r, regs, fx);
        return v == null ? "xx".repeat(r.size()) : Hex.encode(v);
    }

    /** The register's bytes, or null if they are not known. */
    public static byte[] value(GdbRegister r, Registers regs, byte[] fx) {
        int size = r.size();
        return switch (r.source()) {
            case RegisterSource.Gpr g -> littleEndian(regs.get(g.index()), size);
            case RegisterSource.FxBytes f -> bytes(fx, f.offset(), size);
            case RegisterSource.XBytes x -> bytes(fx, x.offset(), size);
            case RegisterSource.FxWord w -> fx == null || fx.length < w.offset() + 2 ? null
                    : littleEndian(((fx[w.offset()] & 0xff) | (fx[w.offset() + 1] & 0xff) << 8) & w.mask(), size);
            case RegisterSource.FxTagWord t -> fx == null || fx.length < FXSAVE_SIZE ? null
                    : littleEndian(X87.fullTagWord(fx), size);
        };
    }

    /** {@code regs} with general register {@code r} (a {@link RegisterSource.Gpr}) set to {@code value}'s bytes. */
    public static Registers withValue(GdbRegister r, Registers regs, byte[] value) {
        if (!(r.source() instanceof RegisterSource.Gpr g)) {
            throw new IllegalArgumentException(r.name() + " is not a general register");
        }
        long v = 0;
        for (int i = 0; i < Math.min(value.length, 8); i++) {
            v |= (value[i] & 0xffL) << (8 * i);
        }
        return regs.with(g.index(), v);
    }

    /**
     * Puts {@code value} for x87/SSE/AVX register {@code r} into the FXSAVE or XSAVE area {@code fx}; an AVX
     * register's component is marked in use.
     */
    public static void putFx(GdbRegister r, byte[] fx, byte[] value) {
        switch (r.source()) {
            case RegisterSource.XBytes x -> {
                System.arraycopy(value, 0, fx, x.offset(), Math.min(value.length, r.size()));
                fx[XSTATE_BV + x.component() / 8] |= (byte) (1 << (x.component() % 8));
            }
            case RegisterSource.FxBytes f -> System.arraycopy(value, 0, fx, f.offset(), Math.min(value.length,
                    r.size()));
            case RegisterSource.FxWord w -> {
                int old = (fx[w.offset()] & 0xff) | (fx[w.offset() + 1] & 0xff) << 8;
                int v = ((value[0] & 0xff) | (value.length > 1 ? (value[1] & 0xff) << 8 : 0)) & w.mask();
                int merged = (old & ~w.mask()) | v;
                fx[w.offset()] = (byte) merged;
                fx[w.offset() + 1] = (byte) (merged >> 8);
            }
            case RegisterSource.FxTagWord t -> {
                int full = (value[0] & 0xff) | (value.length > 1 ? (value[1] & 0xff) << 8 : 0);
                int abridged = 0;
                for (int phys = 0; phys < 8; phys++) {
                    if (((full >> (2 * phys)) & 3) != X87.EMPTY) {
                        abridged |= 1 << phys;
                    }
                }
                fx[Amd64Linux.FX_FTW] = (byte) abridged;
            }
            case RegisterSource.Gpr g -> throw new IllegalArgumentException(r.name() + " is a general register");
        }
    }

    private static byte[] bytes(byte[] area, int offset, int size) {
        return area == null || area.length < offset + size ? null
                : java.util.Arrays.copyOfRange(area, offset, offset + size);
    }

    private static byte[] littleEndian(long value, int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size && i < 8; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }
}
