package org.jrr.trace.codec;

/** Constants shared by the header and the events stream. */
public final class Format {
    /** The binary codec's format version; a reader accepts exactly this one. */
    public static final int VERSION = 7;

    private Format() {
    }
}
