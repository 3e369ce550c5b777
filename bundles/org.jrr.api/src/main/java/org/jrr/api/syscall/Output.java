package org.jrr.api.syscall;

import java.util.List;

/**
 * Bytes a syscall wrote to a file descriptor (write, writev...), so replay can re-emit what went to stdout and
 * stderr.
 */
public record Output(int fd, List<MemRange> ranges) {
    public Output {
        ranges = List.copyOf(ranges);
    }
}
