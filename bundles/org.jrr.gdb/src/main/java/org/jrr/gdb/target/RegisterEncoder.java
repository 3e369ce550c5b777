package org.jrr.gdb.target;

import org.jrr.api.arch.Registers;
import org.jrr.gdb.packet.Hex;

/** Register values in gdb's wire form: target (little-endian) byte order, hex; {@code xx} for unavailable bytes. */
public final class RegisterEncoder {
    /** The FXSAVE area's size; a shorter one leaves the registers past its end unavailable. */
    public static final int FXSAVE_SIZE = 512;

    private final TargetDescription target;

    public RegisterEncoder(TargetDescription target) {
        this.target = target;
    }

    /** The {@code g} reply: every register in regnum order. {@code fx} may be null (x87/SSE unavailable). */
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
            case RegisterSource.FxBytes f -> fx == null || fx.length < f.offset() + size ? null
                    : java.util.Arrays.copyOfRange(fx, f.offset(), f.offset() + size);
            case RegisterSource.FxWord w -> fx == null || fx.length < w.offset() + 2 ? null
                    : littleEndian(((fx[w.offset()] & 0xff) | (fx[w.offset() + 1] & 0xff) << 8) & w.mask(), size);
            case RegisterSource.FxTagWord t -> fx == null || fx.length < FXSAVE_SIZE ? null
                    : littleEndian(X87.fullTagWord(fx), size);
        };
    }

    private static byte[] littleEndian(long value, int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size && i < 8; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }
}
