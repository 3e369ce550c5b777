package org.jrr.api.syscallbuf;

import java.nio.file.Path;
import java.util.List;

/**
 * What a program recorded with the syscall buffer gets.
 *
 * @param library       the preload library, first in {@code LD_PRELOAD}
 * @param env           further environment entries ({@code NAME=value})
 * @param pageAddress   where the page of entry points is mapped after every exec (in jrr's reserved range)
 * @param page          its contents when recording
 * @param untracedIps   addresses right after the syscall instructions the seccomp filter lets through; the first
 *                      is the buffered entry (traced in replay: a buffered call the recording made traced)
 * @param deschedSignal the signal the desched counter sends
 */
public record Setup(Path library, List<String> env, long pageAddress, byte[] page, long[] untracedIps,
                    int deschedSignal) {
    public Setup {
        env = List.copyOf(env);
        page = page.clone();
        untracedIps = untracedIps.clone();
    }

    /** The address after the buffered entry's syscall instruction. */
    public long bufferedIp() {
        return untracedIps[0];
    }
}
