package org.jrr.kernel.syscall;

import java.io.IOException;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.Output;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.syscall.SyscallHandler;
import org.jrr.api.syscall.TraceeMemory;

/**
 * The digest of what a call wrote to stdout or stderr. Replay prints those bytes again from the program's memory,
 * so a replay whose memory went wrong would print something else with no other sign: the recording stores the
 * digest and replay compares.
 */
public final class OutputDigest {
    /** More than a program writes at once to a terminal or pipe, in practice: the digest covers this much. */
    private static final long MAX_BYTES = 16 << 20;

    private OutputDigest() {
    }

    /** The CRC-32C of the bytes {@code call} wrote to fd 1 or 2, or -1 for any other call. */
    public static long of(SyscallHandler handler, SyscallCall call, TraceeMemory memory) throws IOException {
        if (call.failed()) {
            return -1;
        }
        Optional<Output> out = handler.output(call, memory);
        if (out.isEmpty() || (out.get().fd() != 1 && out.get().fd() != 2)) {
            return -1;
        }
        CRC32C crc = new CRC32C();
        long left = MAX_BYTES;
        for (MemRange r : out.get().ranges()) {
            int n = (int) Math.min(r.length(), left);
            if (n > 0) {
                crc.update(memory.read(r.address(), n));
                left -= n;
            }
        }
        return crc.getValue();
    }
}
