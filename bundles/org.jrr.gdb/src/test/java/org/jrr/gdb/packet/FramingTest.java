package org.jrr.gdb.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramingTest {
    @Test
    void checksumIsTheByteSumModulo256() {
        // Known from gdb's logs: $qTStatus#49, $?#3f, $g#67, $vMustReplyEmpty#3a
        assertEquals("$qTStatus#49", frame("qTStatus"));
        assertEquals("$?#3f", frame("?"));
        assertEquals("$g#67", frame("g"));
        assertEquals("$vMustReplyEmpty#3a", frame("vMustReplyEmpty"));
        assertEquals("$#00", frame(""));
    }

    @Test
    void escapesFramingBytesAndChecksumsTheEscapedForm() {
        assertEquals("a}\u0003b}\u0004c}]d}\nd", Framing.escape("a#b$c}d*d"));
        String framed = frame("#");
        assertEquals("$}\u0003#80", framed); // '}' 0x7d + 0x03 = 0x80
    }

    @Test
    void unescapeUndoesEscape() {
        String raw = "x\u0000#$}*\u00ffy";
        assertEquals(raw, Framing.unescape(Framing.escape(raw)));
        assertEquals("plain", Framing.unescape("plain"));
        assertThrows(MalformedPacketException.class, () -> Framing.unescape("abc}"));
    }

    private static String frame(String payload) {
        return new String(Framing.frame(payload), StandardCharsets.ISO_8859_1);
    }
}
