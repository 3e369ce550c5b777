package org.jrr.api.syscallbuf;

import java.util.List;

/**
 * What a buffer holds past some point.
 *
 * @param calls  the committed records, oldest first
 * @param end    the offset past the last of them (the next read starts there)
 * @param locked the library is inside a hook: its call in progress is not among the records
 */
public record Contents(List<BufferedCall> calls, int end, boolean locked) {
    public Contents {
        calls = List.copyOf(calls);
    }
}
