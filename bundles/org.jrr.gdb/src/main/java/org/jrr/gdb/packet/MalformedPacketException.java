package org.jrr.gdb.packet;

/** A packet whose arguments cannot be parsed; the server answers it with an error reply and carries on. */
public final class MalformedPacketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message);
    }
}
