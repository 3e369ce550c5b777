package org.jrr.syscalls.spec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.jrr.api.syscall.MemRange;

/** Walks iovec arrays and msghdrs in tracee memory. Field offsets are in machine words, so any ABI works. */
final class IovecReader {
    /** The kernel refuses more iovecs (EINVAL), so a successful call never has more. */
    static final long UIO_MAXIOV = 1024;

    private IovecReader() {
    }

    /** The buffers of {@code count} iovecs at {@code address}, in order, until {@code limit} bytes. */
    static void collect(CallContext ctx, long address, long count, long limit, List<MemRange> out)
            throws IOException {
        if (address == 0 || count <= 0 || limit <= 0) {
            return;
        }
        Abi abi = ctx.abi();
        int w = abi.wordSize();
        int entrySize = abi.sizeOf(CType.IOVEC);
        int n = (int) Math.min(count, UIO_MAXIOV);
        byte[] array = ctx.memory().read(address, n * entrySize);
        long remaining = limit;
        for (int i = 0; i < n && remaining > 0; i++) {
            long base = abi.word(array, i * entrySize);
            long len = abi.word(array, i * entrySize + w);
            if (len < 0) {
                break; // not a valid size_t for a call that succeeded
            }
            long used = Math.min(len, remaining);
            CallContext.add(out, base, used);
            remaining -= used;
        }
    }

    /** The same, as a list. */
    static List<MemRange> ranges(CallContext ctx, long address, long count, long limit) throws IOException {
        List<MemRange> out = new ArrayList<>();
        collect(ctx, address, count, limit, out);
        return out;
    }

    /**
     * What the kernel writes through the pointers of the {@code struct msghdr} at {@code address} (not the struct
     * itself): msg_name up to msg_namelen (at most a sockaddr_storage), msg_control up to msg_controllen, and the
     * iovec buffers up to {@code limit}.
     */
    static void collectMsghdr(CallContext ctx, long address, long limit, List<MemRange> out) throws IOException {
        Abi abi = ctx.abi();
        int w = abi.wordSize();
        // msg_name, msg_namelen (int, padded to a word), msg_iov, msg_iovlen, msg_control, msg_controllen, msg_flags
        byte[] h = ctx.memory().read(address, abi.sizeOf(CType.MSGHDR));
        long name = abi.word(h, 0);
        long nameLen = abi.word(h, w) & 0xffff_ffffL;
        long iov = abi.word(h, 2 * w);
        long iovLen = abi.word(h, 3 * w);
        long control = abi.word(h, 4 * w);
        long controlLen = abi.word(h, 5 * w);
        CallContext.add(out, name, Math.min(nameLen, abi.sizeOf(CType.SOCKADDR_STORAGE)));
        CallContext.add(out, control, controlLen);
        collect(ctx, iov, iovLen, limit, out);
    }
}
