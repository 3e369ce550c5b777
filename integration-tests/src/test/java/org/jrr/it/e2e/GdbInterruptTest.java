package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Ctrl-C (gdb's interrupt) while jrr replays toward a place far back: it stops where that replay has got to. */
class GdbInterruptTest {
    @Test
    void ctrlCStopsAReverseContinueOnTheWay() throws Exception {
        Jrr jrr = new Jrr("gdb-interrupt");
        // every syscall traced (-n): the replay back must last well past the interrupt's 0.5 s in both runs of the
        // suite; with the syscall buffer these 100,000 getppid calls replay in a few milliseconds
        Jrr.Result rec = jrr.run("record", "-q", "-n", Jrr.program("syscall_loop"), "100000");
        assertEquals(0, rec.status(), rec::toString);
        // gdb sends its interrupt when it gets SIGINT while the target runs: a timer in gdb's Python sends it
        Jrr.Result r = GdbScript.run(jrr, Map.of("JRR_CHECKPOINT_INTERVAL", "0"), "break last", "continue",
                "monitor when", "python import threading, os, signal; "
                        + "threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()",
                "reverse-continue", "monitor when", "continue");
        String out = r.stdout() + r.stderr();
        assertTrue(out.contains("Program received signal SIGINT"), r::toString);
        Matcher m = Pattern.compile("Current event: (\\d+)").matcher(out);
        assertTrue(m.find(), r::toString);
        long atLast = Long.parseLong(m.group(1));
        assertTrue(m.find(), r::toString);
        long stopped = Long.parseLong(m.group(1));
        assertTrue(stopped > 1 && stopped < atLast, "stopped on the way back: " + r);
        assertTrue(r.stdout().indexOf("Breakpoint 1, last") < r.stdout().lastIndexOf("Breakpoint 1, last"),
                "and goes on forward from there: " + r);
    }
}
