package org.jrr.syscalls;

import static org.jrr.syscalls.spec.CType.LONG;
import static org.jrr.syscalls.spec.CType.SIGINFO;
import static org.jrr.syscalls.spec.Dsl.array;
import static org.jrr.syscalls.spec.Dsl.arg;
import static org.jrr.syscalls.spec.Dsl.buffer;
import static org.jrr.syscalls.spec.Dsl.byArg;
import static org.jrr.syscalls.spec.Dsl.bytes;
import static org.jrr.syscalls.spec.Dsl.custom;
import static org.jrr.syscalls.spec.Dsl.result;
import static org.jrr.syscalls.spec.Dsl.struct;
import static org.jrr.syscalls.spec.Dsl.syscall;
import static org.jrr.syscalls.spec.Dsl.times;
import static org.jrr.syscalls.spec.Dsl.upTo;
import static org.jrr.syscalls.spec.Dsl.when;

import org.jrr.api.syscall.Refusal;
import org.jrr.syscalls.spec.CallContext;
import org.jrr.syscalls.spec.OutParam;
import org.jrr.syscalls.spec.SyscallSpec;

/**
 * ptrace(request, pid, addr, data), as the raw syscall: the PEEK requests store the word read at {@code data}.
 * What each request writes into the caller is described here, for replay; the kernel bundle carries out the
 * requests it emulates between the tasks it records (a tracee of jrr cannot trace another for real: jrr is their
 * tracer). Any other request (a change of floating-point registers, SYSEMU) reaches this handler and is refused with
 * ENOSYS, which debuggers and sandboxes report ("Function not implemented") without waiting for stops that would
 * never come.
 */
final class PtraceSyscall {
    static final long PEEKTEXT = 1, PEEKDATA = 2, PEEKUSER = 3, GETREGS = 12, GETFPREGS = 14;
    static final long GETEVENTMSG = 0x4201, GETSIGINFO = 0x4202, GETREGSET = 0x4204, PEEKSIGINFO = 0x4209;
    static final long SECCOMP_GET_FILTER = 0x420c, SECCOMP_GET_METADATA = 0x420d, GET_SYSCALL_INFO = 0x420e,
            GET_RSEQ_CONFIGURATION = 0x420f;
    /** x86-64 {@code struct user_regs_struct} and {@code struct user_fpregs_struct}. */
    static final long USER_REGS = 27 * 8, USER_FPREGS = 512;
    /** A classic BPF instruction, {@code struct sock_filter}. */
    static final long SOCK_FILTER = 8;

    private PtraceSyscall() {
    }

    static SyscallSpec spec() {
        return syscall("ptrace")
                .out(byArg(0,
                        when(PEEKTEXT, struct(3, LONG)),
                        when(PEEKDATA, struct(3, LONG)),
                        when(PEEKUSER, struct(3, LONG)),
                        when(GETREGS, buffer(3, bytes(USER_REGS))),
                        when(GETFPREGS, buffer(3, bytes(USER_FPREGS))),
                        when(GETEVENTMSG, struct(3, LONG)),
                        when(GETSIGINFO, struct(3, SIGINFO)),
                        when(GETREGSET, regset()),
                        when(PEEKSIGINFO, array(3, result(), SIGINFO)),
                        when(SECCOMP_GET_FILTER, buffer(3, times(result(), bytes(SOCK_FILTER)))),
                        when(SECCOMP_GET_METADATA, buffer(3, arg(2))),
                        when(GET_SYSCALL_INFO, buffer(3, upTo(2))),
                        when(GET_RSEQ_CONFIGURATION, buffer(3, arg(2)))))
                .refuse(entry -> new Refusal(Refusal.ENOSYS, "ptrace request " + name(entry.arg(0)),
                        "jrr emulates ptrace between the tasks it records, but not changes of floating-point"
                                + " registers or siginfo, syscall emulation, or this request"))
                .mayBlock() // PTRACE_ATTACH waits for the tracee's stop
                .build();
    }

    /** A request's number with its name, where it is one a program is likely to make. */
    static String name(long request) {
        String name = switch ((int) request) {
            case 6 -> "POKEUSER";
            case 9 -> "SINGLESTEP";
            case 13 -> "SETREGS";
            case 15 -> "SETFPREGS";
            case 31 -> "SYSEMU";
            case 32 -> "SYSEMU_SINGLESTEP";
            case 0x4203 -> "SETSIGINFO";
            case 0x4205 -> "SETREGSET";
            case 0x4208 -> "LISTEN";
            default -> null;
        };
        return name == null ? Long.toString(request) : request + " (PTRACE_" + name + ")";
    }

    /** GETREGSET: {@code data} is a {@code struct iovec}; the kernel fills its buffer and sets its length. */
    private static OutParam regset() {
        return custom("the iovec of a register set and the bytes it says", (ctx, out) -> {
            long iov = ctx.call().arg(3);
            if (iov == 0) {
                return;
            }
            long base = ctx.abi().readWord(ctx.memory(), iov);
            long length = ctx.abi().readWord(ctx.memory(), iov + 8);
            CallContext.add(out, iov, 16);
            if (base != 0) {
                CallContext.add(out, base, length);
            }
        });
    }
}
