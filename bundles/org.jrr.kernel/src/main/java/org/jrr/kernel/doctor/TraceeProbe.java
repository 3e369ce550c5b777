package org.jrr.kernel.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jrr.kernel.task.RemoteSyscalls;
import org.jrr.kernel.task.Task;
import org.jrr.kernel.task.TracerThread;
import org.jrr.linux.Linux;
import org.jrr.linux.LinuxException;
import org.jrr.linux.Ptrace;
import org.jrr.linux.WaitStatus;

/**
 * Starts jrr's tracee launcher as recording does, seizes it at its self-stop, asks the kernel (from inside that
 * tracee) whether CPUID faulting exists, then kills and reaps it. The launcher never reaches its exec, so the
 * program named is never run. Everything happens on one thread, since ptrace only answers the thread that
 * attached.
 */
final class TraceeProbe {
    static final int ENODEV = 19;
    private static final int SIGKILL = 9, WUNTRACED = 2, ESRCH = 3, ECHILD = 10;
    private static final int SYS_ARCH_PRCTL = 158, ARCH_SET_CPUID = 0x1012;
    private static final long PATIENCE_NS = 5_000_000_000L;
    private static final String PROGRAM = "/bin/true";

    /**
     * What the probe found.
     *
     * @param cpu        the CPU the probe and its tracee were pinned to
     * @param launched   the launcher reached its self-stop, so its PR_SET_TSC succeeded
     * @param launchFailure why the launcher did not get there (null if it did)
     * @param seized     PTRACE_SEIZE succeeded and the tracee reported its stop
     * @param failure    why the seize or the stop failed (null if they worked)
     * @param cpuidResult arch_prctl(ARCH_SET_CPUID, 1)'s result in the tracee (0 or -errno); null if not run
     * @param cpuidFailure why that call could not be made (null if it was)
     */
    record Result(int cpu, boolean launched, String launchFailure, boolean seized, String failure,
                  Long cpuidResult, String cpuidFailure) {
    }

    private TraceeProbe() {
    }

    /** Runs the probe on a fresh thread pinned to {@code cpu}. */
    static Result run(Linux linux, int cpu) {
        try {
            return TracerThread.run("jrr-doctor", () -> probe(linux, cpu));
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            return new Result(cpu, false, why, false, why, null, null);
        }
    }

    private static Result probe(Linux linux, int cpu) {
        try {
            linux.pinCurrentThread(cpu);
        } catch (LinuxException e) {
            // not fatal here: recording would fail on it, but the ptrace answer is still worth having
        }
        Path launcher = linux.launcher();
        if (!Files.isExecutable(launcher)) {
            String why = "jrr's tracee launcher " + launcher + " is missing or not executable";
            return new Result(cpu, false, why, false, why, null, null);
        }
        // The steps of task.Launcher.start, done here one by one so that the report can say which one failed.
        int pid;
        try {
            pid = linux.spawn(launcher, List.of(launcher.toString(), Integer.toString(cpu), "record", PROGRAM,
                    "true"), List.of());
        } catch (LinuxException e) {
            String why = "cannot start jrr's launcher: " + e.getMessage();
            return new Result(cpu, false, why, false, why, null, null);
        }
        try {
            WaitStatus st = linux.waitpid(pid, WUNTRACED, PATIENCE_NS);
            if (st.pid() == 0) {
                String why = "jrr's launcher did not stop itself within 5 s";
                return new Result(cpu, false, why, false, why, null, null);
            }
            if (!st.stopped()) {
                String why = "jrr's launcher ended before it could be traced (" + st
                        + (st.exited() && st.exitCode() == 126 ? ": prctl(PR_SET_TSC) failed" : "") + ")";
                return new Result(cpu, false, why, false, why, null, null);
            }
            try {
                linux.seize(pid, Ptrace.O_TRACESYSGOOD | Ptrace.O_EXITKILL);
            } catch (LinuxException e) {
                return new Result(cpu, true, null, false, e.getMessage(), null, null);
            }
            WaitStatus stop = linux.waitpid(pid, 0, PATIENCE_NS);
            if (stop.pid() == 0 || !stop.stopped() || stop.ptraceEvent() != Ptrace.EVENT_STOP) {
                String got = stop.pid() == 0 ? "nothing within 5 s" : stop.toString();
                return new Result(cpu, true, null, false, "seized the child, but it did not report its stop (got "
                        + got + ")", null, null);
            }
            Long cpuid = null;
            String cpuidFailure = null;
            // ARCH_SET_CPUID with 1 *enables* CPUID, the state the task is already in, so it changes nothing;
            // the kernel answers ENODEV when the CPU cannot fault on CPUID at all.
            try (Task task = new Task(linux, pid); RemoteSyscalls remote = RemoteSyscalls.atIp(task)) {
                cpuid = remote.call(SYS_ARCH_PRCTL, ARCH_SET_CPUID, 1);
            } catch (RuntimeException e) {
                cpuidFailure = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            return new Result(cpu, true, null, true, null, cpuid, cpuidFailure);
        } finally {
            killAndReap(linux, pid);
        }
    }

    private static void killAndReap(Linux linux, int pid) {
        linux.killQuietly(pid, SIGKILL);
        for (int i = 0; i < 100; i++) {
            try {
                WaitStatus st = linux.waitpid(pid, 0, PATIENCE_NS);
                if (st.pid() == 0 || !st.stopped()) {
                    return; // gone (or, after 5 s, given up on)
                }
            } catch (LinuxException e) {
                if (e.errno() == ECHILD || e.errno() == ESRCH) {
                    return;
                }
                throw e;
            }
        }
    }
}
