package org.jrr.syscalls.spec;

import java.util.Map;

import org.jrr.api.syscall.ReplayAction;
import org.jrr.api.syscall.SyscallCall;

/** How replay reproduces a recorded call, decided from the recorded arguments and result. */
public sealed interface ReplayRule {

    ReplayAction actionFor(SyscallCall call);

    /** Always the same action. */
    record Always(ReplayAction action) implements ReplayRule {
        @Override
        public ReplayAction actionFor(SyscallCall call) {
            return action;
        }
    }

    /** One action when the call succeeded, another when it failed (a failed mmap or execve changed nothing). */
    record OnSuccess(ReplayAction success, ReplayAction failure) implements ReplayRule {
        @Override
        public ReplayAction actionFor(SyscallCall call) {
            return call.failed() ? failure : success;
        }
    }

    /** Chosen by argument {@code arg} masked with {@code mask} (arch_prctl's code, prctl's option). */
    record ByArg(int arg, long mask, Map<Long, ReplayAction> cases, ReplayAction otherwise) implements ReplayRule {
        public ByArg {
            cases = Map.copyOf(cases);
        }

        @Override
        public ReplayAction actionFor(SyscallCall call) {
            return cases.getOrDefault(call.arg(arg) & mask, otherwise);
        }
    }
}
