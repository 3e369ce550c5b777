package org.jrr.kernel.trap;

import java.io.IOException;
import java.util.Optional;
import org.jrr.api.arch.Registers;
import org.jrr.api.trace.TrapEvent;
import org.jrr.api.trace.TrapEvent.Instruction;
import org.jrr.kernel.task.Task;
import org.jrr.linux.Linux;

/**
 * rdtsc, rdtscp and cpuid trap (PR_SET_TSC, CPUID faulting) with SIGSEGV, si_code SI_KERNEL. jrr runs the
 * instruction itself, on the tracee's CPU, and records the resulting registers.
 */
public final class InstructionTraps {
    private InstructionTraps() {
    }

    /** Which trapped instruction is at {@code ip}, if any. */
    public static Optional<Instruction> decode(byte[] code) {
        if (code.length >= 2 && code[0] == 0x0f && code[1] == 0x31) {
            return Optional.of(Instruction.RDTSC);
        }
        if (code.length >= 3 && code[0] == 0x0f && code[1] == 0x01 && code[2] == (byte) 0xf9) {
            return Optional.of(Instruction.RDTSCP);
        }
        if (code.length >= 2 && code[0] == 0x0f && code[1] == (byte) 0xa2) {
            return Optional.of(Instruction.CPUID);
        }
        return Optional.empty();
    }

    /** The trapped instruction at the task's ip, if it is one of these. */
    public static Optional<Instruction> at(Task task) throws IOException {
        byte[] code = new byte[3];
        task.memory().readPartial(task.regs().ip(), code);
        return decode(code);
    }

    /** Emulates the instruction the task trapped on, if it is one of ours; the registers are not yet set. */
    public static Optional<TrapEvent> emulate(Task task, Linux linux) throws IOException {
        Registers r = task.regs();
        byte[] code = new byte[3];
        task.memory().readPartial(r.ip(), code);
        Optional<Instruction> insn = decode(code);
        if (insn.isEmpty()) {
            return Optional.empty();
        }
        Registers after = switch (insn.get()) {
            case RDTSC -> {
                long tsc = linux.rdtsc();
                yield r.with(Registers.RAX, tsc & 0xffffffffL).with(Registers.RDX, tsc >>> 32)
                        .with(Registers.RIP, r.ip() + 2);
            }
            case RDTSCP -> {
                long[] t = linux.rdtscp();
                yield r.with(Registers.RAX, t[0] & 0xffffffffL).with(Registers.RDX, t[0] >>> 32)
                        .with(Registers.RCX, t[1]).with(Registers.RIP, r.ip() + 3);
            }
            case CPUID -> {
                int leaf = (int) r.get(Registers.RAX);
                int sub = (int) r.get(Registers.RCX);
                int[] v = CpuidMask.apply(leaf, sub, linux.cpuid(leaf, sub));
                yield r.with(Registers.RAX, v[0] & 0xffffffffL).with(Registers.RBX, v[1] & 0xffffffffL)
                        .with(Registers.RCX, v[2] & 0xffffffffL).with(Registers.RDX, v[3] & 0xffffffffL)
                        .with(Registers.RIP, r.ip() + 2);
            }
        };
        return Optional.of(new TrapEvent(insn.get(), r, after));
    }
}
