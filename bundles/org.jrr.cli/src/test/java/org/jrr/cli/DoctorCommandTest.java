package org.jrr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.jrr.api.session.SystemCheck;
import org.jrr.api.session.SystemCheck.Finding;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How {@code jrr doctor} lays out findings and decides whether jrr can record. */
class DoctorCommandTest {
    private static final Finding PTRACE = new Finding("ptrace", true, "seize and stop a child: works", "");
    private static final Finding PMU = new Finding("PMU", false, "not available: no hardware counters",
            "recording uses the 'none' tick provider");
    private static final Finding TICKS = new Finding("tick provider", true, "recording uses 'none' by default", "");

    @Test
    void oneLinePerFindingAndAnEffectLineUnderIt() {
        List<String> lines = DoctorCommand.render(List.of(PTRACE, PMU,
                new Finding("a very long check name", true, "fine", null)));
        assertEquals(List.of(
                "  ok   ptrace          seize and stop a child: works",
                "  --   PMU             not available: no hardware counters",
                "                       => recording uses the 'none' tick provider",
                "  ok   a very long check name fine"), lines);
    }

    @Test
    void recordingNeedsPtraceAndATickProvider() {
        assertEquals(Optional.empty(), DoctorCommand.whyNot(List.of(PTRACE, PMU, TICKS)));
        Finding noPtrace = new Finding("ptrace", false, "cannot seize and stop a child: EPERM", "x");
        assertEquals(Optional.of("ptrace: cannot seize and stop a child: EPERM"),
                DoctorCommand.whyNot(List.of(noPtrace, PMU, TICKS)));
        assertEquals(Optional.of("the system check did not report on tick provider"),
                DoctorCommand.whyNot(List.of(PTRACE, PMU)));
        assertTrue(DoctorCommand.summary(List.of(PTRACE, PMU, TICKS)).contains("2 of 3 checks ok"));
        assertTrue(DoctorCommand.summary(List.of(PTRACE, TICKS)).contains("all 2 checks ok"));
    }

    @Test
    void exitsWithOneAndAReasonWhenJrrCannotRecord() {
        SystemCheck check = () -> List.of(new Finding("ptrace", false, "cannot seize: EPERM", ""), TICKS);
        assertEquals(1, run(check).status);
        assertTrue(run(check).err.startsWith("jrr: cannot record here: ptrace: cannot seize: EPERM"),
                run(check).err);
        assertEquals(0, run(() -> List.of(PTRACE, PMU, TICKS)).status);
    }

    private record Run(int status, String err) {
    }

    private static Run run(SystemCheck check) {
        Services services = new Services(() -> null, () -> null, () -> null, () -> null, () -> check, () -> null,
                () -> null, () -> null);
        CommandLine cl = Commands.create(new JrrCommand(), services);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute("doctor");
        return new Run(status, err.toString());
    }
}
