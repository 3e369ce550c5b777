package org.jrr.gdb.target;

/**
 * Where a gdb register's value comes from: the general registers or the XSAVE area (whose first 512 bytes are the
 * FXSAVE area, which the {@code Fx} sources read).
 */
public sealed interface RegisterSource {
    /** A word of {@code user_regs_struct} ({@link org.jrr.api.arch.Registers} index), truncated to the size. */
    record Gpr(int index) implements RegisterSource {
    }

    /** Bytes of the FXSAVE area at {@code offset}, as many as the register is wide. */
    record FxBytes(int offset) implements RegisterSource {
    }

    /** A 16-bit FXSAVE field, masked and widened (gdb shows the x87 control registers as 32-bit). */
    record FxWord(int offset, int mask) implements RegisterSource {
    }

    /** The full x87 tag word, rebuilt from FXSAVE's abridged one (see {@link X87}). */
    record FxTagWord() implements RegisterSource {
    }

    /**
     * Bytes of the XSAVE area beyond FXSAVE, at {@code offset}, belonging to XSAVE state {@code component}
     * (a write must mark that component in use, or the kernel puts back its initial state).
     */
    record XBytes(int offset, int component) implements RegisterSource {
    }
}
