package org.jrr.api.syscall;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Knows one syscall (service property {@code jrr.syscall} names it; the highest {@code service.ranking} wins):
 * which memory it writes, so recording can save it, and how replay reproduces it. A syscall with no handler is
 * refused by the recorder (the program gets ENOSYS), and reported.
 */
public interface SyscallHandler {
    /** The syscall's name, the same in every ABI ({@code read}, {@code mmap}...). */
    String name();

    /**
     * At syscall exit during recording: the memory the kernel may have written. Ranges may be larger than what
     * was written (the bytes are read back after the call), never smaller. Also asked for failed calls: a call
     * interrupted by a signal may have written something (nanosleep's remaining time).
     */
    List<MemRange> outputs(SyscallCall call, TraceeMemory memory) throws IOException;

    /**
     * At syscall entry: a refusal when this particular call (an ioctl request nobody describes) would do what
     * replay cannot reproduce; null to let it run.
     */
    default Refusal refusal(SyscallCall entry) {
        return null;
    }

    /** How replay reproduces this call. */
    default ReplayAction replayAction(SyscallCall call) {
        return ReplayAction.EMULATE;
    }

    /** What the call did to the fd table. */
    default FdEffect fdEffect(SyscallCall call) {
        return FdEffect.NONE;
    }

    /** Data the call wrote to a file descriptor, for re-emission of stdout/stderr in replay. */
    default Optional<Output> output(SyscallCall call, TraceeMemory memory) throws IOException {
        return Optional.empty();
    }

    /**
     * At the entry of a call that may block, from the memory as it is there: what the kernel stores in place before
     * the call sleeps, which other tasks see while it waits (FUTEX_LOCK_PI sets the waiters bit of the owner word).
     * The recorder lets others run only once the task sleeps, and replay makes these stores at the entry of a call
     * that the recording saw blocked. Empty for almost every call.
     */
    default List<WordStore> storesWhenBlocked(SyscallCall entry, TraceeMemory memory) throws IOException {
        return List.of();
    }

    /** Whether the call can block (the scheduler may switch tasks while it does). */
    default boolean mayBlock() {
        return false;
    }

    /**
     * At the entry of a call that may block: the out-parameters the kernel writes through pointer arguments,
     * with bounds known before the call. The recorder points them at scratch memory while other tasks run, so
     * that the kernel's writes become visible at the recorded syscall exit; parameters not listed are written
     * in place. {@code entry}'s result is meaningless.
     */
    default List<OutPointer> outPointers(SyscallCall entry) {
        return List.of();
    }
}
