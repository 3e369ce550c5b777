package org.jrr.hpc.perf.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class OpenFailureTest {
    private static final List<String> NO_CPU_PMU = List.of("breakpoint", "msr", "software", "tracepoint", "uprobe");

    private static String reason(int errno, String text, OptionalInt paranoid, List<String> pmus) {
        return new OpenFailure(errno, text, 0x5111c4, paranoid, pmus).reason();
    }

    @Test
    void noPmu() {
        String r = reason(2, "No such file or directory", OptionalInt.of(2), NO_CPU_PMU);
        assertTrue(r.startsWith("no hardware PMU visible (perf_event_open: No such file or directory); the kernel "
                + "lists no cpu PMU, only breakpoint, msr, software, tracepoint, uprobe; in a VM, enable "), r);
        assertTrue(reason(95, "Operation not supported", OptionalInt.empty(), List.of())
                .startsWith("no hardware PMU visible (perf_event_open: Operation not supported); in a VM"));
        assertTrue(reason(19, "No such device", OptionalInt.empty(), List.of("cpu", "software"))
                .startsWith("no hardware PMU visible (perf_event_open: No such device); in a VM"));
    }

    @Test
    void paranoid() {
        assertEquals("not allowed to count (perf_event_open: Permission denied): kernel.perf_event_paranoid is 3; "
                + "counting one's own user-mode branches needs 2 or lower (sysctl kernel.perf_event_paranoid=2), "
                + "or run jrr as root or with CAP_PERFMON",
                reason(13, "Permission denied", OptionalInt.of(3), List.of("cpu")));
        assertTrue(reason(1, "Operation not permitted", OptionalInt.empty(), List.of()).contains("is unknown"));
    }

    @Test
    void others() {
        assertEquals("the kernel rejected the branch-counting event 0x5111c4 (perf_event_open: Invalid argument): "
                + "its PMU driver does not accept it on this CPU", reason(22, "Invalid argument", OptionalInt.of(2),
                        List.of("cpu")));
        assertTrue(reason(16, "Device or resource busy", OptionalInt.of(2), List.of()).startsWith("no hardware "
                + "counter is free"));
        assertTrue(reason(38, "Function not implemented", OptionalInt.empty(), List.of()).contains(
                "CONFIG_PERF_EVENTS"));
        assertEquals("cannot open the branch counter (perf_event_open: Bad address), errno 14",
                reason(14, "Bad address", OptionalInt.empty(), List.of()));
    }
}
