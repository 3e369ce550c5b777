package org.jrr.api.syscallbuf;

/**
 * What a buffer holds past some point.
 *
 * @param end     the offset past the last committed record (the next read starts there)
 * @param locked  the library is inside a hook: its call in progress is not among the records
 * @param records the committed records past the point, as they lie in the buffer
 */
public record Contents(int end, boolean locked, byte[] records) {
}
