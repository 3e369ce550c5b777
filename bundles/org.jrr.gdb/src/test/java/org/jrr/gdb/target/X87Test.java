package org.jrr.gdb.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class X87Test {
    /** Writes an 80-bit value into st(i) of an FXSAVE area. */
    static void st(byte[] fx, int i, long significand, int signAndExponent) {
        int off = 32 + 16 * i;
        for (int b = 0; b < 8; b++) {
            fx[off + b] = (byte) (significand >>> (8 * b));
        }
        fx[off + 8] = (byte) signAndExponent;
        fx[off + 9] = (byte) (signAndExponent >> 8);
    }

    @Test
    void allEmptyIsFfff() {
        assertEquals(0xffff, X87.fullTagWord(new byte[512]));
    }

    @Test
    void tagsFollowTheContentsAndTheStackTop() {
        byte[] fx = new byte[512];
        int top = 6; // two values pushed: st0 is physical register 6, st1 is 7
        fx[3] = (byte) (top << 3); // FSW bits 11-13
        fx[4] = (byte) 0b1100_0000; // abridged tag: physical 6 and 7 in use
        st(fx, 0, 0x8000_0000_0000_0000L, 0x3fff); // 1.0: valid
        st(fx, 1, 0, 0); // +0: zero
        assertEquals(0b01_00_11_11_11_11_11_11, X87.fullTagWord(fx));
        st(fx, 1, 0xc000_0000_0000_0000L, 0x7fff); // NaN: special
        assertEquals(0b10_00_11_11_11_11_11_11, X87.fullTagWord(fx));
        st(fx, 0, 0x4000_0000_0000_0000L, 0x3fff); // unnormal (no integer bit): special
        assertEquals(0b10_10_11_11_11_11_11_11, X87.fullTagWord(fx));
        st(fx, 0, 1, 0); // denormal: special
        assertEquals(0b10_10_11_11_11_11_11_11, X87.fullTagWord(fx));
    }
}
