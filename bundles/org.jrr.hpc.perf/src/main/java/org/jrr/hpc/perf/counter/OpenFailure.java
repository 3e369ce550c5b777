package org.jrr.hpc.perf.counter;

import java.util.List;
import java.util.OptionalInt;

/**
 * Why perf_event_open refused the tick counter, in words a user can act on. Pure, so every branch is tested on
 * machines that cannot produce the errno.
 *
 * @param errno what perf_event_open returned
 * @param strerror its text
 * @param config the raw event that was asked for
 * @param paranoid kernel.perf_event_paranoid, when readable
 * @param pmus the PMUs sysfs lists (empty when unknown)
 */
public record OpenFailure(int errno, String strerror, long config, OptionalInt paranoid, List<String> pmus) {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int ENOSYS = 38;
    static final int EOPNOTSUPP = 95;

    public OpenFailure {
        pmus = List.copyOf(pmus);
    }

    /** One line: what failed, why, and what to do. */
    public String reason() {
        String call = "(perf_event_open: " + strerror + ")";
        return switch (errno) {
            // The kernel has no PMU driver for this CPU: a VM without PMU passthrough, or a CPU it does not know.
            case ENOENT, ENODEV, EOPNOTSUPP -> "no hardware PMU visible " + call + sysfsHint()
                    + "; in a VM, enable performance-counter virtualization (e.g. KVM -cpu host,pmu=on, VMware "
                    + "'Virtualize CPU performance counters')";
            case EACCES, EPERM -> "not allowed to count " + call + ": kernel.perf_event_paranoid is "
                    + (paranoid.isPresent() ? paranoid.getAsInt() : "unknown")
                    + "; counting one's own user-mode branches needs 2 or lower "
                    + "(sysctl kernel.perf_event_paranoid=2), or run jrr as root or with CAP_PERFMON";
            case EINVAL -> String.format("the kernel rejected the branch-counting event 0x%x %s: its PMU driver "
                    + "does not accept it on this CPU", config, call);
            case EBUSY, ENOSPC -> "no hardware counter is free " + call
                    + ": another perf user or the NMI watchdog holds them (sysctl kernel.nmi_watchdog=0 frees one)";
            case ENOSYS -> "this kernel has no perf events " + call + ": it was built without CONFIG_PERF_EVENTS";
            default -> "cannot open the branch counter " + call + ", errno " + errno;
        };
    }

    private String sysfsHint() {
        if (pmus.isEmpty()) {
            return "";
        }
        if (pmus.contains("cpu") || pmus.contains("cpu_core")) {
            return "";
        }
        return "; the kernel lists no cpu PMU, only " + String.join(", ", pmus);
    }
}
