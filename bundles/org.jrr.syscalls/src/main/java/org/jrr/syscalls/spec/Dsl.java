package org.jrr.syscalls.spec;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jrr.api.syscall.FdEffect;
import org.jrr.api.syscall.ReplayAction;
import org.jrr.api.syscall.SyscallCall;

/**
 * The words of the spec language; meant to be imported statically. Arguments are numbered 0-5 as in the kernel's
 * prototype. Example:
 *
 * <pre>{@code
 * syscall("read").out(buffer(1, upTo(2))).mayBlock().build()
 * syscall("recvfrom").out(buffer(1, upTo(2)), sockaddr(4, 5)).mayBlock().build()
 * syscall("poll").out(array(0, arg(1), POLLFD)).mayBlock().build()
 * syscall("fcntl").out(byArg(1, when(F_GETLK, struct(2, FLOCK)))).fd(fdByArg(1, when(F_DUPFD, dupOf(0)))).build()
 * }</pre>
 */
public final class Dsl {
    /** All 64 bits of an argument: the default mask of the {@code byArg} choices. */
    public static final long ALL_BITS = -1L;
    /** The low 32 bits (an {@code unsigned int} argument such as ioctl's request). */
    public static final long LOW_32_BITS = 0xffff_ffffL;

    private Dsl() {
    }

    /** Starts the spec of the syscall {@code name}. */
    public static SyscallSpec.Builder syscall(String name) {
        return new SyscallSpec.Builder(name);
    }

    // ---- sizes -------------------------------------------------------------------------------------------------

    public static Size bytes(long n) {
        return new Size.Const(n);
    }

    public static Size arg(int index) {
        return new Size.Arg(index);
    }

    public static Size result() {
        return new Size.Result();
    }

    public static Size sizeOf(CType type) {
        return new Size.SizeOf(type);
    }

    public static Size pageSize() {
        return new Size.PageSize();
    }

    /** The integer argument {@code pointerArg} points to, after the call. */
    public static Size deref(int pointerArg, CType type) {
        return new Size.Deref(pointerArg, type);
    }

    public static Size min(Size a, Size b) {
        return new Size.Min(a, b);
    }

    public static Size times(Size a, Size b) {
        return new Size.Mul(a, b);
    }

    public static Size plus(Size a, Size b) {
        return new Size.Add(a, b);
    }

    public static Size ceilDiv(Size a, Size b) {
        return new Size.CeilDiv(a, b);
    }

    /** The result, at most argument {@code capacityArg}: a buffer the call fills (read, getdents, readlink). */
    public static Size upTo(int capacityArg) {
        return min(result(), arg(capacityArg));
    }

    // ---- out-parameters ----------------------------------------------------------------------------------------

    /** {@code length} bytes at the pointer in argument {@code pointerArg}. */
    public static OutParam buffer(int pointerArg, Size length) {
        return new OutParam.Buffer(pointerArg, length);
    }

    /** One {@code type} at the pointer in argument {@code pointerArg}: a struct, or an int/long written back. */
    public static OutParam struct(int pointerArg, CType type) {
        return buffer(pointerArg, sizeOf(type));
    }

    /** {@code count} elements of {@code elem} at the pointer in argument {@code pointerArg}. */
    public static OutParam array(int pointerArg, Size count, CType elem) {
        return buffer(pointerArg, times(count, sizeOf(elem)));
    }

    /**
     * A bitmap of {@code bits} bits stored in whole longs (fd_set, a nodemask): {@code ceil(bits / 8*sizeof(long))}
     * longs.
     */
    public static OutParam bitmap(int pointerArg, Size bits) {
        return buffer(pointerArg, times(ceilDiv(bits, times(sizeOf(CType.LONG), bytes(8))), sizeOf(CType.LONG)));
    }

    /** The buffers of {@code count} iovecs at argument {@code pointerArg}, filled in order up to {@code limit}. */
    public static OutParam iovecs(int pointerArg, Size count, Size limit) {
        return new OutParam.IoVecs(pointerArg, count, limit);
    }

    /** A socket address at {@code addrArg} and its {@code socklen_t *} at {@code lenArg}. */
    public static OutParam sockaddr(int addrArg, int lenArg) {
        return new OutParam.SockAddr(addrArg, lenArg);
    }

    /** A {@code struct msghdr} the kernel fills (recvmsg), its iovecs up to {@code limit}. */
    public static OutParam msghdr(int pointerArg, Size limit) {
        return new OutParam.MsgHdr(pointerArg, limit);
    }

    /** The first {@code count} entries of a {@code struct mmsghdr} array the kernel fills (recvmmsg). */
    public static OutParam mmsghdrs(int pointerArg, Size count) {
        return new OutParam.MMsgHdrs(pointerArg, count);
    }

    /** One case of a {@code byArg} choice of out-parameters. */
    public static Map.Entry<Long, List<OutParam>> when(long value, OutParam... params) {
        return Map.entry(value, List.of(params));
    }

    /** Out-parameters chosen by the value of argument {@code arg}; nothing when no case matches. */
    @SafeVarargs
    public static OutParam byArg(int arg, Map.Entry<Long, List<OutParam>>... cases) {
        return byArg(arg, ALL_BITS, List.of(), cases);
    }

    /** Out-parameters chosen by argument {@code arg} masked with {@code mask}; {@code otherwise} when none matches. */
    @SafeVarargs
    public static OutParam byArg(int arg, long mask, List<OutParam> otherwise,
            Map.Entry<Long, List<OutParam>>... cases) {
        return new OutParam.ByArg(arg, mask, Map.ofEntries(cases), otherwise);
    }

    /** {@code p}, which the kernel works on in place (a futex word): never pointed at scratch while others run. */
    public static OutParam inPlace(OutParam p) {
        return new OutParam.InPlace(p);
    }

    /** Hand-written code for an irregular out-parameter. */
    public static OutParam custom(String description, OutParam.Rule rule) {
        return new OutParam.Custom(description, rule);
    }

    // ---- replay ------------------------------------------------------------------------------------------------

    /** {@code success} when the recorded call succeeded, {@code failure} when it failed. */
    public static ReplayRule onSuccess(ReplayAction success, ReplayAction failure) {
        return new ReplayRule.OnSuccess(success, failure);
    }

    public static Map.Entry<Long, ReplayAction> when(long value, ReplayAction action) {
        return Map.entry(value, action);
    }

    @SafeVarargs
    public static ReplayRule replayByArg(int arg, ReplayAction otherwise, Map.Entry<Long, ReplayAction>... cases) {
        return new ReplayRule.ByArg(arg, ALL_BITS, Map.ofEntries(cases), otherwise);
    }

    // ---- fd effects --------------------------------------------------------------------------------------------

    /** The result is a new fd, on success. */
    public static FdRule opened() {
        return new FdRule.Opened();
    }

    /** The result is a duplicate of the fd in argument {@code fromArg}, on success. */
    public static FdRule dupOf(int fromArg) {
        return new FdRule.DupToResult(fromArg);
    }

    /** The fd in argument {@code fdArg} is closed. */
    public static FdRule closes(int fdArg) {
        return new FdRule.Close(fdArg);
    }

    public static Map.Entry<Long, FdRule> when(long value, FdRule rule) {
        return Map.entry(value, rule);
    }

    /** Chosen by argument {@code arg}; no effect when no case matches. */
    @SafeVarargs
    public static FdRule fdByArg(int arg, Map.Entry<Long, FdRule>... cases) {
        return new FdRule.ByArg(arg, ALL_BITS, Map.ofEntries(cases), new FdRule.None());
    }

    /** Hand-written code for an irregular fd effect. */
    public static FdRule fdCustom(String description, Function<SyscallCall, FdEffect> rule) {
        return new FdRule.Custom(description, rule);
    }

    // ---- output to fds -----------------------------------------------------------------------------------------

    /** {@code result} bytes of the buffer in {@code bufArg} were written to the fd in {@code fdArg}. */
    public static OutputRule writesBuffer(int fdArg, int bufArg) {
        return new OutputRule.Buffer(fdArg, bufArg);
    }

    /** The iovecs in {@code iovArg} ({@code countArg} of them) were written, up to {@code result} bytes. */
    public static OutputRule writesIovecs(int fdArg, int iovArg, int countArg) {
        return new OutputRule.IoVecs(fdArg, iovArg, countArg);
    }
}
