package org.jrr.gdb.server;

import org.jrr.api.arch.Registers;
import org.jrr.api.debug.BreakpointKind;
import org.jrr.api.debug.Stop;
import org.jrr.api.debug.TaskId;
import org.jrr.gdb.packet.Hex;
import org.jrr.gdb.target.Amd64Linux;
import org.jrr.gdb.target.GdbRegister;
import org.jrr.gdb.target.GdbSignals;
import org.jrr.gdb.target.RegisterEncoder;
import org.jrr.gdb.target.TargetDescription;

/** Stop reply packets ({@code T}, {@code W}, {@code X}) for {@link Stop}s, in the syntax the client offered. */
final class StopReplies {
    private static final int[] EXPEDITED = {Amd64Linux.RBP, Amd64Linux.RSP, Amd64Linux.RIP};

    /** The registers a stop shows: the replay's, or a diversion's while gdb runs a call in one. */
    private final java.util.function.Function<TaskId, Registers> registers;
    private final TargetDescription target;
    private final Breakpoints breakpoints;

    StopReplies(java.util.function.Function<TaskId, Registers> registers, TargetDescription target,
            Breakpoints breakpoints) {
        this.registers = registers;
        this.target = target;
        this.breakpoints = breakpoints;
    }

    String format(Stop stop, ClientFeatures client) {
        return switch (stop) {
            case Stop.Exited e -> exited(e, client);
            case Stop.Breakpoint b -> trap(b.task(), GdbSignals.TRAP, breakReason(b.address(), client), client);
            case Stop.Watchpoint w -> trap(w.task(), GdbSignals.TRAP,
                    watchKind(w.kind()) + ":" + Long.toHexString(w.address()) + ";", client);
            case Stop.Stepped s -> trap(s.task(), GdbSignals.TRAP, "", client);
            case Stop.Signal s -> trap(s.task(), GdbSignals.fromLinux(s.signo()), "", client);
            case Stop.Interrupted i -> trap(i.task(), GdbSignals.INT, "", client);
            case Stop.HistoryStart h -> trap(h.task(), GdbSignals.TRAP, "replaylog:begin;", client);
        };
    }

    /** The reply for a replay that cannot go on: the process is reported killed. */
    String killed(TaskId task, ClientFeatures client) {
        return "X" + hex2(GdbSignals.KILL) + process(task, client);
    }

    private String exited(Stop.Exited e, ClientFeatures client) {
        int status = e.waitStatus();
        int termsig = status & 0x7f;
        if (termsig == 0) {
            return "W" + hex2((status >> 8) & 0xff) + process(e.task(), client);
        }
        return "X" + hex2(GdbSignals.fromLinux(termsig)) + process(e.task(), client);
    }

    private static String process(TaskId task, ClientFeatures client) {
        return client.multiprocess() ? ";process:" + Long.toHexString(task.pid()) : "";
    }

    private String trap(TaskId task, int gdbSignal, String reason, ClientFeatures client) {
        StringBuilder sb = new StringBuilder("T").append(hex2(gdbSignal));
        expedite(sb, task);
        sb.append("thread:").append(ThreadId.format(task, client.multiprocess())).append(';');
        return sb.append(reason).toString();
    }

    /** rbp, rsp and rip in the reply save gdb three round trips at every stop. */
    private void expedite(StringBuilder sb, TaskId task) {
        Registers regs;
        try {
            regs = registers.apply(task);
        } catch (RuntimeException e) {
            return; // gdb asks for them with 'g' instead
        }
        for (int regnum : EXPEDITED) {
            GdbRegister r = target.register(regnum).orElseThrow();
            sb.append(hex2(regnum)).append(':').append(Hex.encode(RegisterEncoder.value(r, regs, null))).append(';');
        }
    }

    private String breakReason(long address, ClientFeatures client) {
        if (breakpoints.isHardware(address) && client.hwbreak()) {
            return "hwbreak:;";
        }
        return client.swbreak() ? "swbreak:;" : "";
    }

    private static String watchKind(BreakpointKind kind) {
        return switch (kind) {
            case READ -> "rwatch";
            case ACCESS -> "awatch";
            default -> "watch";
        };
    }

    private static String hex2(int v) {
        StringBuilder sb = new StringBuilder(2);
        Hex.appendByte(sb, v);
        return sb.toString();
    }
}
