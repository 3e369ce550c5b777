package org.jrr.syscalls.spec;

import java.util.Map;
import java.util.function.Function;

import org.jrr.api.syscall.FdEffect;
import org.jrr.api.syscall.SyscallCall;

/** What a call does to the fd table, which replay follows to re-emit stdout and stderr. */
public sealed interface FdRule {

    FdEffect effectOf(SyscallCall call);

    /** Nothing that matters. */
    record None() implements FdRule {
        @Override
        public FdEffect effectOf(SyscallCall call) {
            return FdEffect.NONE;
        }
    }

    /** The result is a new fd (open, socket, accept...), when the call succeeded. */
    record Opened() implements FdRule {
        @Override
        public FdEffect effectOf(SyscallCall call) {
            return call.failed() ? FdEffect.NONE : new FdEffect.Opened((int) call.result());
        }
    }

    /** The result is a copy of the fd in argument {@code fromArg} (dup, dup2, dup3, F_DUPFD), on success. */
    record DupToResult(int fromArg) implements FdRule {
        @Override
        public FdEffect effectOf(SyscallCall call) {
            return call.failed() ? FdEffect.NONE : new FdEffect.Dup((int) call.arg(fromArg), (int) call.result());
        }
    }

    /**
     * The fd in argument {@code fdArg} is closed. Linux releases the fd even when close fails (EINTR, EIO), except
     * with EBADF, when there was nothing to close.
     */
    record Close(int fdArg) implements FdRule {
        private static final long EBADF = 9;

        @Override
        public FdEffect effectOf(SyscallCall call) {
            return call.result() == -EBADF ? FdEffect.NONE : new FdEffect.Close((int) call.arg(fdArg));
        }
    }

    /** Chosen by argument {@code arg} masked with {@code mask} (fcntl's command). */
    record ByArg(int arg, long mask, Map<Long, FdRule> cases, FdRule otherwise) implements FdRule {
        public ByArg {
            cases = Map.copyOf(cases);
        }

        @Override
        public FdEffect effectOf(SyscallCall call) {
            return cases.getOrDefault(call.arg(arg) & mask, otherwise).effectOf(call);
        }
    }

    /** Hand-written code for an irregular case. */
    record Custom(String description, Function<SyscallCall, FdEffect> rule) implements FdRule {
        @Override
        public FdEffect effectOf(SyscallCall call) {
            return rule.apply(call);
        }

        @Override
        public String toString() {
            return "Custom[" + description + "]";
        }
    }
}
