package org.jrr.gdb.packet;

/** What arrives from the client: a packet, a broken one, an out-of-band byte, or the end. */
public sealed interface Inbound {
    /** A well-formed packet; the payload is Latin-1 (one char a byte), not unescaped. */
    record Packet(String payload) implements Inbound {
    }

    /** A framed packet whose checksum does not match (or is not hex). */
    record BadChecksum(String reason) implements Inbound {
    }

    /** A framed packet with a good checksum but longer than we accept; its payload was dropped. */
    record TooLong(long length) implements Inbound {
    }

    /** The raw 0x03 byte outside a packet: gdb's interrupt (Ctrl-C). */
    record Interrupt() implements Inbound {
    }

    /** {@code -}: the client wants the last packet again. ({@code +} is not reported.) */
    record Nak() implements Inbound {
    }

    /** The connection ended. */
    record Closed() implements Inbound {
    }
}
