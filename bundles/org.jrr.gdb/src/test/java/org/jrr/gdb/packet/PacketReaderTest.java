package org.jrr.gdb.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PacketReaderTest {
    private static PacketReader reader(String bytes, int max) {
        return new PacketReader(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1)), max);
    }

    @Test
    void readsPacketsAcksAndInterrupts() throws IOException {
        PacketReader r = reader("+$g#67noise-\u0003$qC#b4", 100);
        assertEquals(new Inbound.Packet("g"), r.next());
        assertEquals(new Inbound.Nak(), r.next());
        assertEquals(new Inbound.Interrupt(), r.next());
        assertEquals(new Inbound.Packet("qC"), r.next());
        assertEquals(new Inbound.Closed(), r.next());
        assertEquals(new Inbound.Closed(), r.next());
    }

    @Test
    void reportsBadChecksums() throws IOException {
        PacketReader r = reader("$g#68$g#zz$g#67", 100);
        assertInstanceOf(Inbound.BadChecksum.class, r.next());
        assertInstanceOf(Inbound.BadChecksum.class, r.next());
        assertEquals(new Inbound.Packet("g"), r.next());
    }

    /** A packet that lost its checksum does not take the next packet's first bytes with it. */
    @Test
    void aMissingChecksumLeavesTheNextPacketWhole() throws IOException {
        PacketReader r = reader("$g#$m1000,4#8e", 100);
        assertInstanceOf(Inbound.BadChecksum.class, r.next());
        assertEquals(new Inbound.Packet("m1000,4"), r.next());
        PacketReader r2 = reader("$g#6$qC#b4", 100);
        assertInstanceOf(Inbound.BadChecksum.class, r2.next());
        assertEquals(new Inbound.Packet("qC"), r2.next());
    }

    @Test
    void aDollarInsideAPacketRestartsIt() throws IOException {
        assertEquals(new Inbound.Packet("g"), reader("$qSupp$g#67", 100).next());
    }

    @Test
    void dropsPacketsLongerThanTheLimit() throws IOException {
        String big = "m".repeat(50);
        PacketReader r = reader(new String(Framing.frame(big), StandardCharsets.ISO_8859_1) + "$g#67", 10);
        assertEquals(new Inbound.TooLong(50), r.next());
        assertEquals(new Inbound.Packet("g"), r.next());
    }

    @Test
    void truncatedInputEndsTheStream() throws IOException {
        assertEquals(new Inbound.Closed(), reader("$qSupported:multi", 100).next());
        assertEquals(new Inbound.Closed(), reader("$g#6", 100).next());
    }

    @Test
    void keepsBinaryBytes() throws IOException {
        String payload = "X0,2:\u0000\u00ff";
        Inbound in = reader(new String(Framing.frame(payload), StandardCharsets.ISO_8859_1), 100).next();
        assertEquals(new Inbound.Packet(Framing.escape(payload)), in);
    }
}
