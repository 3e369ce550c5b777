package org.jrr.kernel.replay;

import org.jrr.api.arch.Registers;
import org.jrr.kernel.task.Task;
import org.jrr.linux.WaitStatus;

/**
 * Runs a task to the instruction where the recording took a memory fault (SIGSEGV, SIGBUS), stopping before it
 * runs: a breakpoint on the recorded ip, and the first visit with the recorded registers is the point. Replay then
 * delivers the recorded fault there itself, since its memory need not fault where the recording's did: a file
 * shrunk under a private mapping, which replay serves from the trace's whole copy, faults only when recorded.
 */
final class FaultPoint {
    private static final int SIGBUS = 7, SIGSEGV = 11;
    /** How long the search may take before it is given up as a divergence. */
    private static final long GIVE_UP_NANOS = 60_000_000_000L;

    private FaultPoint() {
    }

    /** Whether a recorded fault of {@code sig} is delivered this way. */
    static boolean applies(int sig) {
        return sig == SIGSEGV || sig == SIGBUS;
    }

    /** Stops {@code t} at the recorded fault, before the instruction: at a stop where a signal may be delivered. */
    static void reach(long event, ReplayTask t, int sig, Registers want, Runner runner) {
        Task task = t.task;
        long ip = want.ip();
        long visits = 0;
        long deadline = System.nanoTime() + GIVE_UP_NANOS;
        while (true) {
            WaitStatus st = runner.runTo(t, event, ip);
            if (st != null && st.stopped() && st.stopSignal() == sig && st.ptraceEvent() == 0 && !st.syscallStop()
                    && SwitchPoint.sameRegisters(want, task.regs())) {
                return; // replay's memory faults there too, before the breakpoint (fetching from a page not to be run)
            }
            if (st != null) {
                throw new Divergence(event, t + ": expected signal " + sig + " at 0x" + Long.toHexString(ip)
                        + ", but the program " + (st.syscallStop() ? "made a syscall" : "stopped with " + st)
                        + " after " + visits + " visits there without the recorded registers");
            }
            visits++;
            if (SwitchPoint.sameRegisters(want, task.regs())) {
                task.setRegs(want); // the flags as the fault left them (RF), as a breakpoint's stop does not
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new Divergence(event, t + ": did not reach the fault recorded at 0x" + Long.toHexString(ip)
                        + " in " + visits + " visits");
            }
        }
    }
}
