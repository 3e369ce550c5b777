package org.jrr.syscalls.spec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jrr.api.syscall.FdEffect;
import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.OutPointer;
import org.jrr.api.syscall.Output;
import org.jrr.api.syscall.ReplayAction;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.syscall.SyscallHandler;
import org.jrr.api.syscall.TraceeMemory;
import org.jrr.api.syscall.WordStore;

/**
 * A syscall described by data: a {@link SyscallHandler} with no code of its own. Build one with
 * {@link Dsl#syscall(String)}.
 *
 * @param name             the syscall's name
 * @param outParams        the memory the kernel may write, evaluated at syscall exit
 * @param replay           how replay reproduces the call
 * @param fd               what the call does to the fd table
 * @param outputRule       what the call writes to an fd
 * @param mayBlock         whether the call can block (wait for another task, a peer, a timer)
 * @param outputsWhenInterrupted whether {@code outParams} also apply to a call interrupted by a signal (EINTR
 *                         or one of the kernel's ERESTART* codes seen at syscall exit): nanosleep and select write the
 *                         remaining time then. Any other failed call has no outputs.
 * @param whenBlocked      what the kernel stores before the call sleeps (see {@link #storesWhenBlocked})
 */
public record SyscallSpec(String name, List<OutParam> outParams, ReplayRule replay, FdRule fd,
        OutputRule outputRule, boolean mayBlock, boolean outputsWhenInterrupted, BlockRule whenBlocked)
        implements SyscallHandler {

    /** What the kernel stores in place before a call sleeps, from its entry and the memory then. */
    @FunctionalInterface
    public interface BlockRule {
        BlockRule NONE = (entry, memory) -> List.of();

        List<WordStore> stores(SyscallCall entry, TraceeMemory memory) throws IOException;
    }

    public SyscallSpec {
        Objects.requireNonNull(name, "name");
        outParams = List.copyOf(outParams);
        Objects.requireNonNull(replay, "replay");
        Objects.requireNonNull(fd, "fd");
        Objects.requireNonNull(outputRule, "outputRule");
        Objects.requireNonNull(whenBlocked, "whenBlocked");
    }

    @Override
    public List<WordStore> storesWhenBlocked(SyscallCall entry, TraceeMemory memory) throws IOException {
        return mayBlock ? whenBlocked.stores(entry, memory) : List.of();
    }

    @Override
    public List<MemRange> outputs(SyscallCall call, TraceeMemory memory) throws IOException {
        if (outParams.isEmpty() || (call.failed() && !(outputsWhenInterrupted && interrupted(call)))) {
            return List.of();
        }
        CallContext ctx = CallContext.of(call, memory);
        List<MemRange> ranges = new ArrayList<>();
        for (OutParam p : outParams) {
            p.collect(ctx, ranges);
        }
        return List.copyOf(ranges);
    }

    @Override
    public List<OutPointer> outPointers(SyscallCall entry) {
        if (!mayBlock || outParams.isEmpty()) {
            return List.of();
        }
        Abi abi = Abi.find(entry.arch()).orElse(null);
        List<OutPointer> out = new ArrayList<>();
        for (OutParam p : outParams) {
            p.pointers(entry, abi, out);
        }
        return List.copyOf(out);
    }

    /** -EINTR, or -ERESTARTSYS, -ERESTARTNOINTR, -ERESTARTNOHAND, -ERESTART_RESTARTBLOCK (512-516). */
    static boolean interrupted(SyscallCall call) {
        long r = call.result();
        return r == -EINTR || (r <= -ERESTARTSYS && r >= -ERESTART_RESTARTBLOCK);
    }

    private static final long EINTR = 4;
    private static final long ERESTARTSYS = 512;
    private static final long ERESTART_RESTARTBLOCK = 516;

    @Override
    public ReplayAction replayAction(SyscallCall call) {
        return replay.actionFor(call);
    }

    @Override
    public FdEffect fdEffect(SyscallCall call) {
        return fd.effectOf(call);
    }

    @Override
    public Optional<Output> output(SyscallCall call, TraceeMemory memory) throws IOException {
        if (outputRule instanceof OutputRule.None || call.failed() || call.result() <= 0) {
            return Optional.empty();
        }
        return outputRule.outputOf(CallContext.of(call, memory));
    }

    /** Builds a {@link SyscallSpec}; defaults: no outputs, EMULATE, no fd effect, no output, does not block. */
    public static final class Builder {
        private final String name;
        private final List<OutParam> outParams = new ArrayList<>();
        private ReplayRule replay = new ReplayRule.Always(ReplayAction.EMULATE);
        private FdRule fd = new FdRule.None();
        private OutputRule output = new OutputRule.None();
        private boolean mayBlock;
        private boolean outputsWhenInterrupted;
        private BlockRule whenBlocked = BlockRule.NONE;

        Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Adds memory the call may write. */
        public Builder out(OutParam... params) {
            outParams.addAll(List.of(params));
            return this;
        }

        public Builder replay(ReplayAction action) {
            return replay(new ReplayRule.Always(action));
        }

        public Builder replay(ReplayRule rule) {
            this.replay = Objects.requireNonNull(rule);
            return this;
        }

        public Builder fd(FdRule rule) {
            this.fd = Objects.requireNonNull(rule);
            return this;
        }

        public Builder output(OutputRule rule) {
            this.output = Objects.requireNonNull(rule);
            return this;
        }

        public Builder mayBlock() {
            this.mayBlock = true;
            return this;
        }

        /** The out-parameters also apply when the call was interrupted by a signal. */
        public Builder outputsWhenInterrupted() {
            this.outputsWhenInterrupted = true;
            return this;
        }

        /** What the kernel stores before the call sleeps; implies {@link #mayBlock}. */
        public Builder storesWhenBlocked(BlockRule rule) {
            this.whenBlocked = Objects.requireNonNull(rule);
            return mayBlock();
        }

        public SyscallSpec build() {
            return new SyscallSpec(name, outParams, replay, fd, output, mayBlock, outputsWhenInterrupted,
                    whenBlocked);
        }
    }
}
