package org.jrr.kernel.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.trace.TrapEvent.Instruction;
import org.jrr.kernel.task.Task;

/**
 * The program's own settings of what jrr also uses for itself: rdtsc faulting (PR_SET_TSC), cpuid faulting
 * (ARCH_SET_CPUID) and seccomp filters. jrr keeps rdtsc and cpuid trapping whatever the program asks, answers the
 * program's calls from what it set, and turns an instruction the program asked to fault into the program's own
 * SIGSEGV. A process with a seccomp filter of its own buffers no syscalls (its filter must see each where the program
 * makes it). Children inherit the settings; an exec keeps the TSC one and the filters, and ends cpuid faulting, as
 * the kernel does.
 */
final class ProgramTraps {
    static final long PR_GET_TSC = 25, PR_SET_TSC = 26;
    static final int PR_TSC_ENABLE = 1, PR_TSC_SIGSEGV = 2;
    static final long ARCH_GET_CPUID = 0x1011, ARCH_SET_CPUID = 0x1012;
    private static final long EINVAL = 22, EFAULT = 14;

    private int tsc = PR_TSC_ENABLE;
    private boolean cpuidFaults;
    private boolean filtered;
    static final long SECCOMP_SET_MODE_FILTER = 1, PR_SET_SECCOMP = 22, SECCOMP_MODE_FILTER = 2;

    ProgramTraps copy() {
        ProgramTraps c = new ProgramTraps();
        c.tsc = tsc;
        c.cpuidFaults = cpuidFaults;
        c.filtered = filtered;
        return c;
    }

    void execed() {
        cpuidFaults = false;
    }

    /**
     * jrr's answer to the call at its entry (its result; the kernel then skips it), or null for a call the kernel
     * makes. PR_GET_TSC's int is written here, and recorded at the exit as the call's output. Without CPUID faulting
     * ({@code cpuidTrapped} false) the kernel answers the cpuid calls as it would untraced.
     */
    Long answer(String syscall, SyscallCall entry, Task task, boolean cpuidTrapped) throws IOException {
        if (syscall.equals("prctl") && entry.arg(0) == PR_SET_TSC) {
            if (entry.arg(1) != PR_TSC_ENABLE && entry.arg(1) != PR_TSC_SIGSEGV) {
                return -EINVAL;
            }
            tsc = (int) entry.arg(1);
            return 0L;
        }
        if (syscall.equals("prctl") && entry.arg(0) == PR_GET_TSC) {
            try {
                task.memory().write(entry.arg(1), ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(tsc).array());
            } catch (IOException | RuntimeException e) {
                return -EFAULT;
            }
            return 0L;
        }
        if (!cpuidTrapped) {
            return null;
        }
        if (syscall.equals("arch_prctl") && entry.arg(0) == ARCH_GET_CPUID) {
            return cpuidFaults ? 0L : 1L;
        }
        if (syscall.equals("arch_prctl") && entry.arg(0) == ARCH_SET_CPUID) {
            cpuidFaults = entry.arg(1) == 0;
            return 0L;
        }
        return null;
    }

    /** After a call that succeeded: whether it installed a seccomp filter of the program's own (now or before). */
    boolean filtered(String syscall, SyscallCall call) {
        if (!call.failed() && (syscall.equals("seccomp") && call.arg(0) == SECCOMP_SET_MODE_FILTER
                || syscall.equals("prctl") && call.arg(0) == PR_SET_SECCOMP && call.arg(1) == SECCOMP_MODE_FILTER)) {
            filtered = true;
        }
        return filtered;
    }

    /** Whether the process has a seccomp filter of its own. */
    boolean filtered() {
        return filtered;
    }

    /** Whether the program asked for {@code insn} to fault: its trap is the program's SIGSEGV, not jrr's. */
    boolean faults(Instruction insn) {
        return switch (insn) {
            case RDTSC, RDTSCP -> tsc == PR_TSC_SIGSEGV;
            case CPUID -> cpuidFaults;
        };
    }
}
