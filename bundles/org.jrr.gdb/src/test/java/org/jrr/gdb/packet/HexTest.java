package org.jrr.gdb.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HexTest {
    @Test
    void encodesAndDecodesBytes() {
        byte[] b = {0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff};
        assertEquals("00017f80ff", Hex.encode(b));
        assertArrayEquals(b, Hex.decode("00017F80ff"));
        assertEquals("68656c70", Hex.encodeText("help"));
        assertEquals("help", Hex.decodeText("68656c70"));
    }

    @Test
    void parsesUnsignedNumbersUpTo64Bits() {
        assertEquals(0x401000L, Hex.parseUnsigned("401000"));
        assertEquals(-1L, Hex.parseUnsigned("ffffffffffffffff"));
        assertThrows(MalformedPacketException.class, () -> Hex.parseUnsigned("1ffffffffffffffff"));
        assertThrows(MalformedPacketException.class, () -> Hex.parseUnsigned(""));
        assertThrows(MalformedPacketException.class, () -> Hex.parseUnsigned("12g"));
        assertThrows(MalformedPacketException.class, () -> Hex.parseInt("80000000"));
        assertThrows(MalformedPacketException.class, () -> Hex.decode("abc"));
    }

    @Test
    void clampsLengths() {
        assertEquals(0x10, Hex.parseLength("10", 0x100));
        assertEquals(0x100, Hex.parseLength("ffffffff", 0x100));
        assertEquals(0x100, Hex.parseLength("ffffffffffffffff", 0x100));
    }

    @Test
    void writesLittleEndian() {
        assertEquals("0010400000000000", Hex.littleEndian(0x401000, 8));
        assertEquals("46020000", Hex.littleEndian(0x246, 4));
        assertEquals("ffff", Hex.littleEndian(-1, 2));
    }
}
