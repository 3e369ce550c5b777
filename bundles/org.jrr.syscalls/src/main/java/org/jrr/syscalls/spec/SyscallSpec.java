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
import org.jrr.api.syscall.Refusal;
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
 * @param whenFailed       which failed calls {@code outParams} also apply to (see {@link WhenFailed})
 * @param whenBlocked      what the kernel stores before the call sleeps (see {@link #storesWhenBlocked})
 * @param refusalRule      which calls jrr refuses at entry (see {@link #refusal})
 */
public record SyscallSpec(String name, List<OutParam> outParams, ReplayRule replay, FdRule fd,
        OutputRule outputRule, boolean mayBlock, WhenFailed whenFailed, BlockRule whenBlocked,
        RefusalRule refusalRule) implements SyscallHandler {

    /** Which failed calls still write their out-parameters. */
    public enum WhenFailed {
        /** None: the usual case. */
        NOTHING,
        /**
         * A call interrupted by a signal (EINTR or one of the kernel's ERESTART* codes seen at syscall exit):
         * nanosleep and select write the remaining time then.
         */
        INTERRUPTED,
        /**
         * Every failed call but EFAULT, whose pointer could not be read anyway (capget writes the version it wants
         * into the header when it refuses another).
         */
        ALWAYS
    }

    /** The calls jrr refuses at entry; null for the ones it lets run. */
    @FunctionalInterface
    public interface RefusalRule {
        RefusalRule NONE = entry -> null;

        Refusal refusal(SyscallCall entry);
    }

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
        Objects.requireNonNull(whenFailed, "whenFailed");
        Objects.requireNonNull(whenBlocked, "whenBlocked");
        Objects.requireNonNull(refusalRule, "refusalRule");
    }

    @Override
    public Refusal refusal(SyscallCall entry) {
        return refusalRule.refusal(entry);
    }

    @Override
    public List<WordStore> storesWhenBlocked(SyscallCall entry, TraceeMemory memory) throws IOException {
        return mayBlock ? whenBlocked.stores(entry, memory) : List.of();
    }

    @Override
    public List<MemRange> outputs(SyscallCall call, TraceeMemory memory) throws IOException {
        boolean written = switch (whenFailed) {
            case NOTHING -> !call.failed();
            case INTERRUPTED -> !call.failed() || interrupted(call);
            case ALWAYS -> call.result() != -EFAULT;
        };
        if (outParams.isEmpty() || !written) {
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
    private static final long EFAULT = 14;
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
        private WhenFailed whenFailed = WhenFailed.NOTHING;
        private BlockRule whenBlocked = BlockRule.NONE;
        private RefusalRule refusal = RefusalRule.NONE;

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
            this.whenFailed = WhenFailed.INTERRUPTED;
            return this;
        }

        /** The out-parameters apply to every failed call too (they hold what the kernel wrote to say why). */
        public Builder outputsWhenFailed() {
            this.whenFailed = WhenFailed.ALWAYS;
            return this;
        }

        /** Which calls jrr refuses at entry. */
        public Builder refuse(RefusalRule rule) {
            this.refusal = Objects.requireNonNull(rule);
            return this;
        }

        /** What the kernel stores before the call sleeps; implies {@link #mayBlock}. */
        public Builder storesWhenBlocked(BlockRule rule) {
            this.whenBlocked = Objects.requireNonNull(rule);
            return mayBlock();
        }

        public SyscallSpec build() {
            return new SyscallSpec(name, outParams, replay, fd, output, mayBlock, whenFailed, whenBlocked,
                    refusal);
        }
    }
}
