package org.jrr.syscalls.spec;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.Output;

/** The bytes a call wrote to a file descriptor, which replay re-emits when the fd is stdout or stderr. */
public sealed interface OutputRule {

    /** Evaluated only for calls that succeeded and wrote at least one byte. */
    Optional<Output> outputOf(CallContext ctx) throws IOException;

    /** Writes nothing to an fd. */
    record None() implements OutputRule {
        @Override
        public Optional<Output> outputOf(CallContext ctx) {
            return Optional.empty();
        }
    }

    /** {@code result} bytes of the buffer at argument {@code bufArg} went to the fd in {@code fdArg} (write). */
    record Buffer(int fdArg, int bufArg) implements OutputRule {
        @Override
        public Optional<Output> outputOf(CallContext ctx) {
            var call = ctx.call();
            return Optional.of(new Output((int) call.arg(fdArg),
                    List.of(new MemRange(call.arg(bufArg), call.result()))));
        }
    }

    /**
     * The iovecs at {@code iovArg} ({@code countArg} of them) went to the fd in {@code fdArg}, in order, up to
     * {@code result} bytes (writev).
     */
    record IoVecs(int fdArg, int iovArg, int countArg) implements OutputRule {
        @Override
        public Optional<Output> outputOf(CallContext ctx) throws IOException {
            var call = ctx.call();
            List<MemRange> ranges = IovecReader.ranges(ctx, call.arg(iovArg), call.arg(countArg), call.result());
            return Optional.of(new Output((int) call.arg(fdArg), ranges));
        }
    }
}
