package org.jrr.gdb.target;

/**
 * The x87 tag word. FXSAVE keeps one bit a register (empty or not); gdb shows the classic two bits (valid, zero,
 * special, empty), which must be worked out from each register's contents, as gdb's i387_supply_fxsave does.
 */
public final class X87 {
    public static final int VALID = 0, ZERO = 1, SPECIAL = 2, EMPTY = 3;

    private X87() {
    }

    /** The full tag word from an FXSAVE area. */
    public static int fullTagWord(byte[] fx) {
        int abridged = fx[Amd64Linux.FX_FTW] & 0xff;
        int top = (fx[Amd64Linux.FX_FSW + 1] >> 3) & 7;
        int tags = 0;
        for (int phys = 0; phys < 8; phys++) {
            int tag = EMPTY;
            if ((abridged & (1 << phys)) != 0) {
                // FXSAVE stores the registers in stack order (st0 = physical register TOP).
                int st = (phys - top) & 7;
                tag = tag(fx, Amd64Linux.FX_ST0 + 16 * st);
            }
            tags |= tag << (2 * phys);
        }
        return tags;
    }

    /** The tag of the 80-bit value at {@code offset}: 64-bit significand, then sign and 15-bit exponent. */
    static int tag(byte[] fx, int offset) {
        int exponent = ((fx[offset + 9] & 0x7f) << 8) | (fx[offset + 8] & 0xff);
        boolean integer = (fx[offset + 7] & 0x80) != 0;
        boolean fractionZero = true;
        for (int i = 0; i < 8; i++) {
            int b = fx[offset + i] & (i == 7 ? 0x7f : 0xff);
            fractionZero &= b == 0;
        }
        if (exponent == 0x7fff) {
            return SPECIAL;
        }
        if (exponent == 0) {
            return fractionZero && !integer ? ZERO : SPECIAL;
        }
        return integer ? VALID : SPECIAL;
    }
}
