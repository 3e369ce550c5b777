package org.jrr.syscalls.spec;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.OutPointer;
import org.jrr.api.syscall.SyscallCall;

/**
 * Memory a syscall may write, described from its arguments and result. Evaluated at syscall exit, only when the
 * call succeeded (or failed, when its spec says {@link SyscallSpec#whenFailed()}).
 *
 * <p>Every pointer may be null: a null pointer is never followed and contributes nothing (the kernel either treats
 * it as "not wanted" or fails the call with EFAULT). A non-positive length contributes nothing.
 */
public sealed interface OutParam {

    /** Adds the ranges this parameter covers for {@code ctx} to {@code out}. */
    void collect(CallContext ctx, List<MemRange> out) throws IOException;

    /**
     * At syscall entry: adds the pointer arguments this parameter writes through, with bounds known before the
     * call (see {@link org.jrr.api.syscall.SyscallHandler#outPointers}). Parameters that write through pointers
     * held in memory (iovecs, msghdr) add nothing. {@code abi} may be null.
     */
    default void pointers(SyscallCall call, Abi abi, List<OutPointer> out) {
    }

    /**
     * {@code length} bytes at the pointer in argument {@code pointerArg}: a fixed-size struct, a result-sized
     * buffer or string, an array of count * element size, a length word the kernel writes back.
     */
    record Buffer(int pointerArg, Size length) implements OutParam {
        @Override
        public void collect(CallContext ctx, List<MemRange> out) throws IOException {
            long pointer = ctx.call().arg(pointerArg);
            if (pointer != 0) {
                CallContext.add(out, pointer, length.eval(ctx));
            }
        }

        @Override
        public void pointers(SyscallCall call, Abi abi, List<OutPointer> out) {
            OptionalLong max = length.bound(call, abi);
            if (call.arg(pointerArg) != 0 && max.isPresent() && max.getAsLong() > 0) {
                out.add(new OutPointer(pointerArg, max.getAsLong()));
            }
        }
    }

    /**
     * The buffers of the iovec array at argument {@code pointerArg}, {@code count} entries long, filled in order
     * until {@code limit} bytes (readv: the result).
     */
    record IoVecs(int pointerArg, Size count, Size limit) implements OutParam {
        @Override
        public void collect(CallContext ctx, List<MemRange> out) throws IOException {
            IovecReader.collect(ctx, ctx.call().arg(pointerArg), count.eval(ctx), limit.eval(ctx), out);
        }
    }

    /**
     * A socket address buffer at {@code addrArg} whose capacity was passed in, and whose actual length is written
     * back, through the {@code socklen_t *} at {@code lenArg} (accept, getsockname, recvfrom). The length word is
     * recorded; the address is recorded up to the written-back length, at most a {@code sockaddr_storage}. The
     * capacity passed in is gone at syscall exit, so a truncated address (capacity smaller than the real address)
     * is recorded beyond the caller's buffer, up to the real length: rare, and harmless for the usual
     * sockaddr_storage buffers.
     */
    record SockAddr(int addrArg, int lenArg) implements OutParam {
        @Override
        public void collect(CallContext ctx, List<MemRange> out) throws IOException {
            long lenPointer = ctx.call().arg(lenArg);
            if (lenPointer == 0) {
                return;
            }
            CallContext.add(out, lenPointer, ctx.abi().sizeOf(CType.INT));
            long addr = ctx.call().arg(addrArg);
            if (addr != 0) {
                long len = Integer.toUnsignedLong(ctx.memory().readInt(lenPointer));
                CallContext.add(out, addr, Math.min(len, ctx.abi().sizeOf(CType.SOCKADDR_STORAGE)));
            }
        }

        /** The length word (read and written back) and the address, at most a sockaddr_storage. */
        @Override
        public void pointers(SyscallCall call, Abi abi, List<OutPointer> out) {
            if (abi == null || call.arg(lenArg) == 0) {
                return;
            }
            out.add(new OutPointer(lenArg, abi.sizeOf(CType.INT)));
            if (call.arg(addrArg) != 0) {
                out.add(new OutPointer(addrArg, abi.sizeOf(CType.SOCKADDR_STORAGE)));
            }
        }
    }

    /**
     * The {@code struct msghdr} at argument {@code pointerArg} (recvmsg): the struct itself (the kernel writes
     * msg_namelen, msg_controllen and msg_flags), the name up to msg_namelen, the control buffer up to
     * msg_controllen and the iovec buffers up to {@code limit} bytes.
     */
    record MsgHdr(int pointerArg, Size limit) implements OutParam {
        @Override
        public void collect(CallContext ctx, List<MemRange> out) throws IOException {
            long pointer = ctx.call().arg(pointerArg);
            if (pointer != 0) {
                CallContext.add(out, pointer, ctx.abi().sizeOf(CType.MSGHDR));
                IovecReader.collectMsghdr(ctx, pointer, limit.eval(ctx), out);
            }
        }
    }

    /**
     * The first {@code count} entries of the {@code struct mmsghdr} array at argument {@code pointerArg}
     * (recvmmsg: count is the result): each entry, and each entry's message as for {@link MsgHdr} limited by the
     * entry's msg_len.
     */
    record MMsgHdrs(int pointerArg, Size count) implements OutParam {
        @Override
        public void collect(CallContext ctx, List<MemRange> out) throws IOException {
            long pointer = ctx.call().arg(pointerArg);
            long n = count.eval(ctx);
            if (pointer == 0 || n <= 0) {
                return;
            }
            int entrySize = ctx.abi().sizeOf(CType.MMSGHDR);
            int msgLenOffset = ctx.abi().sizeOf(CType.MSGHDR);
            n = Math.min(n, IovecReader.UIO_MAXIOV);
            for (long i = 0; i < n; i++) {
                long entry = pointer + i * entrySize;
                CallContext.add(out, entry, entrySize);
                long msgLen = Integer.toUnsignedLong(ctx.memory().readInt(entry + msgLenOffset));
                IovecReader.collectMsghdr(ctx, entry, msgLen, out);
            }
        }
    }

    /**
     * Chooses the parameters by the value of argument {@code arg} masked with {@code mask} (ioctl's request, fcntl's
     * command, prctl's option); {@code otherwise} when no case matches.
     */
    record ByArg(int arg, long mask, Map<Long, List<OutParam>> cases, List<OutParam> otherwise)
            implements OutParam {
        public ByArg {
            cases = Map.copyOf(cases);
            otherwise = List.copyOf(otherwise);
        }

        @Override
        public void collect(CallContext ctx, List<MemRange> out) throws IOException {
            for (OutParam p : cases.getOrDefault(ctx.call().arg(arg) & mask, otherwise)) {
                p.collect(ctx, out);
            }
        }

        @Override
        public void pointers(SyscallCall call, Abi abi, List<OutPointer> out) {
            for (OutParam p : cases.getOrDefault(call.arg(arg) & mask, otherwise)) {
                p.pointers(call, abi, out);
            }
        }
    }

    /**
     * Memory the kernel works on where it is, not only writes (a futex word, which other threads and the kernel's
     * own wait queues see): recorded after the call like {@code inner}, but never pointed at scratch memory.
     */
    record InPlace(OutParam inner) implements OutParam {
        @Override
        public void collect(CallContext ctx, List<MemRange> out) throws IOException {
            inner.collect(ctx, out);
        }
    }

    /** Hand-written code for an irregular case; {@code description} says what it covers. */
    record Custom(String description, Rule rule) implements OutParam {
        @Override
        public void collect(CallContext ctx, List<MemRange> out) throws IOException {
            rule.collect(ctx, out);
        }

        @Override
        public String toString() {
            return "Custom[" + description + "]";
        }
    }

    /** The code of a {@link Custom} parameter. */
    @FunctionalInterface
    interface Rule {
        void collect(CallContext ctx, List<MemRange> out) throws IOException;
    }
}
