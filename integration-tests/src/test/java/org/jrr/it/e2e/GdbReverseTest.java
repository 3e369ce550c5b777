package org.jrr.it.e2e;

import static org.jrr.it.e2e.GdbScript.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Going backward with the real gdb, in a recording of debug_target (add() called from main with a = 0..4, b = 1,
 * and from a worker thread with a = 100, b = 0..2). Here every move back replays from the start (no automatic
 * snapshots); {@link GdbReverseSnapshotTest} runs the same with snapshots almost everywhere.
 */
class GdbReverseTest {
    private static Jrr jrr;

    @BeforeAll
    static void record() throws Exception {
        jrr = new Jrr("gdb-reverse");
        Jrr.Result rec = jrr.run("record", "-q", Jrr.program("debug_target"));
        assertEquals(0, rec.status(), rec::toString);
    }


    /** The environment of jrr: how often it takes snapshots. */
    Map<String, String> env() {
        return Map.of("JRR_CHECKPOINT_INTERVAL", "0");
    }

    /** Runs the commands; no replay may diverge on the way, and every snapshot asked for is taken. */
    private Jrr.Result gdb(String... commands) throws Exception {
        return gdbOn(jrr, commands);
    }

    private Jrr.Result gdbOn(Jrr on, String... commands) throws Exception {
        Jrr.Result r = GdbScript.run(on, env(), commands);
        assertTrue(!r.stdout().contains("jrr:") && !r.stderr().contains("diverged")
                && !r.stderr().contains("cannot take a snapshot"), r::toString);
        return r;
    }

    @Test
    void reverseContinueGoesToTheEarlierHitsThenToTheStartOfTheRecording() throws Exception {
        Jrr.Result r = gdb("break add if a < 100", "continue", "continue", "continue", "print a",
                "reverse-continue", "print a", "reverse-continue", "print a", "reverse-continue",
                "continue", "print a");
        assertEquals(List.of("2", "1", "0", "0"), values(r.stdout()), r::toString);
        assertTrue(r.stdout().contains("No more reverse-execution history."), r::toString);
        assertEquals(0, r.status(), r::toString);
    }

    @Test
    void reverseContinueFindsABreakpointInASharedLibrary() throws Exception {
        // libc is mapped after the program's exec: a replay toward the hit puts the breakpoint in once it is
        Jrr.Result r = gdb("continue", "break pipe", "reverse-continue", "bt 2");
        String out = r.stdout();
        assertTrue(out.matches("(?s).*Breakpoint 1, .*pipe.*#1 .* main \\(\\) at .*debug_target\\.c.*"),
                r::toString);
        assertTrue(!out.contains("No more reverse-execution history"), r::toString);
        assertEquals(0, r.status(), r::toString);
    }

    @Test
    void callsRunInADiversionAndLeaveTheReplayAsItWas() throws Exception {
        Jrr.Result r = gdb("break add if a == 2", "continue", "print add(40, 2)", "print counter",
                "call add(1, 1)", "print counter", "set var counter = 1000", "print counter", "next", "print sum",
                "print counter", "reverse-continue", "print a", "print add(5, 10)", "print counter");
        // At a == 2 main has added 0+1 and 1+2; the worker may have added some of 100, 101 and 102 before, as the
        // recording's schedule had it: the first print says how many. What the calls and the set add happens in
        // copies, so counter stays what it was.
        List<String> v = values(r.stdout());
        assertEquals(10, v.size(), r::toString);
        String c = v.get(1);
        assertTrue(List.of("3", "103", "204", "306").contains(c), "main's 3 plus the worker's adds so far: " + r);
        assertEquals(List.of("42", c, "2", c, "1000", "3", c, "2", "15", c), v, r::toString);
        assertEquals(0, r.status(), r::toString);
    }

    @Test
    void reverseStepiComesBackToTheSamePcAndRegisters() throws Exception {
        String regs = "info registers rax rbx rcx rdx rsi rdi rbp rsp r8 r9 r10 r11 r12 r13 r14 r15 rip eflags";
        Jrr.Result r = gdb("break add", "continue", "continue", regs, "stepi", "stepi", "stepi", "reverse-stepi",
                "reverse-stepi", "reverse-stepi", regs);
        List<String> blocks = registerBlocks(r.stdout());
        assertEquals(2, blocks.size(), r::toString);
        assertEquals(blocks.get(0), blocks.get(1), r::toString);
        assertTrue(blocks.get(0).contains("<add+"), r::toString);
    }

    @Test
    void reverseNextStepAndFinishWalkBackThroughTheSource() throws Exception {
        Jrr.Result r = gdb("break add if a == 3", "continue", "delete", "next", "next", "print sum",
                "reverse-next", "reverse-next", "reverse-finish", "print total", "print i");
        String out = r.stdout();
        assertEquals(List.of("4", "6", "3"), values(out), r::toString);
        assertTrue(out.matches("(?s).*0x[0-9a-f]+ in main \\(\\) at .*debug_target\\.c:\\d+.*"),
                "reverse-finish stops at the call, inside its line: " + r);
    }

    @Test
    void theEndOfTheRecordingIsAStopToGoBackFrom() throws Exception {
        Jrr.Result r = gdb("continue", "break add", "reverse-continue", "print a * 1000 + b", "delete", "continue",
                "continue");
        String out = r.stdout();
        assertTrue(out.contains("received signal SIGKILL"), r::toString);
        assertTrue(out.contains("Breakpoint 1, add"), r::toString);
        List<String> v = values(out);
        assertEquals(1, v.size(), r::toString);
        assertTrue(v.get(0).equals("4001") || v.get(0).equals("100002"), "the last call of add: " + r);
        assertTrue(out.contains("exited normally"), r::toString);
    }

    @Test
    void aWatchpointStopsAtEachChangeForwardAndAtThePreviousOneBackward() throws Exception {
        Jrr.Result r = gdb("break main", "continue", "watch counter", "continue", "continue", "print counter",
                "reverse-continue", "print counter", "reverse-continue", "print counter", "continue", "continue",
                "print counter");
        assertTrue(r.stdout().contains("Hardware watchpoint 2: counter"), r::toString);
        assertStopsAtCounterChanges(r);
    }

    /**
     * For continue, continue, back, back, continue, continue on a watch of counter: forward at the second change
     * (x); back before it (y), back before the first (0); forward to x again.
     */
    private static void assertStopsAtCounterChanges(Jrr.Result r) {
        String out = r.stdout();
        List<String> v = values(out);
        assertEquals(4, v.size(), r::toString);
        String x = v.get(0), y = v.get(1);
        assertTrue(!x.equals(y) && !y.equals("0"), r::toString);
        assertEquals("0", v.get(2), r::toString);
        assertEquals(x, v.get(3), r::toString);
        assertTrue(out.contains("Old value = " + x + "\nNew value = " + y), "going back shows the change undone: " + r);
    }

    /**
     * With the four debug registers taken by message[0..3], the watch on counter is emulated: same stops. Recorded
     * with -n: an emulated watch single-steps each replay from its start, and the syscall buffer's library scans
     * libc's code for syscall sites when the program starts, millions of steps (at 20 us each here).
     */
    @Test
    void aWatchpointBeyondTheDebugRegistersIsEmulatedForwardAndBackward() throws Exception {
        Jrr traced = new Jrr("gdb-reverse-traced-" + getClass().getSimpleName());
        Jrr.Result rec = traced.run("record", "-q", "-n", Jrr.program("debug_target"));
        assertEquals(0, rec.status(), rec::toString);
        Jrr.Result r = gdbOn(traced, "break main", "continue", "watch message[0]", "watch message[1]", "watch message[2]",
                "watch message[3]", "watch counter", "continue", "continue", "print counter", "reverse-continue",
                "print counter", "reverse-continue", "print counter", "continue", "continue", "print counter");
        assertTrue(r.stdout().contains("Hardware watchpoint 6: counter"), r::toString);
        assertTrue(!r.stdout().contains("Could not insert"), r::toString);
        assertStopsAtCounterChanges(r);
    }

    @Test
    void readAndAccessWatchpointsHardwareBreakpointsAndConditions() throws Exception {
        Jrr.Result r = gdb("break main", "continue", "rwatch counter", "continue", "delete 2", "awatch counter",
                "continue", "delete 3", "hbreak add", "condition 4 b == 2", "continue", "print a * 1000 + b");
        String out = r.stdout();
        assertTrue(out.contains("Hardware read watchpoint 2: counter"), r::toString);
        assertTrue(out.contains("Value = "), r::toString);
        assertTrue(out.contains("Hardware access (read/write) watchpoint 3: counter"), r::toString);
        assertTrue(out.contains("Hardware assisted breakpoint 4"), r::toString);
        assertEquals(List.of("100002"), values(out), "only the worker passes b == 2: " + r);
    }

    @Test
    void restartsAtACheckpointAtAnEventAndAtTheStart() throws Exception {
        Jrr.Result r = gdb("run", "when", "break add if a < 100", "continue", "continue", "print a", "checkpoint",
                "continue", "continue", "print a", "monitor info checkpoints", "restart 1", "print a", "run 40",
                "when", "run c1", "continue", "print a");
        String out = r.stdout() + r.stderr(); // gdb prints monitor output on stderr in batch mode
        assertEquals(List.of("1", "3", "1", "2"), values(out), r::toString);
        Matcher cp = Pattern.compile("Checkpoint 1 at event (\\d+)").matcher(out);
        assertTrue(cp.find(), r::toString);
        assertTrue(out.contains("1  event " + cp.group(1)), r::toString);
        assertTrue(out.contains("Current event: 40"), r::toString);
        Matcher start = Pattern.compile("Current event: (\\d+)").matcher(out);
        assertTrue(start.find() && Long.parseLong(start.group(1)) < 40, "run goes to the start: " + r);
        assertTrue(out.contains("Program stopped."), r::toString);
        assertTrue(!out.contains("SIGTRAP"), "arriving somewhere is not a signal: " + r);
    }


    @Test
    void aWatchedGlobalWrittenByASyscallStopsForwardAndBackward() throws Exception {
        Jrr.Result r = gdb("break main", "continue", "watch message[0]", "continue", "print message[0]",
                "reverse-continue", "print message[0]", "continue", "print message[0]");
        String out = r.stdout();
        assertTrue(out.contains("Hardware watchpoint 2: message[0]"), r::toString);
        assertEquals(List.of("104", "0", "104"), values(out), "read() fills it; before the read it is empty: " + r);
    }

    @Test
    void goingWhereTheRecordingDoesNotGoIsAOneLineError() throws Exception {
        Jrr.Result r = GdbScript.run(jrr, env(), "restart 7", "run 99999999");
        String err = r.stderr();
        assertTrue(err.contains("jrr: there is no checkpoint 7\n"), r::toString);
        assertTrue(err.contains("jrr: event 99999999 is past the end of the recording"), r::toString);
        assertTrue(!err.contains("Exception") && !r.stdout().contains("Exception"), r::toString);
    }

    /** Each run of 'info registers' lines, from rax to eflags. */
    private static List<String> registerBlocks(String out) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?ms)^rax .*?^eflags [^\\n]*").matcher(out);
        while (m.find()) {
            blocks.add(m.group());
        }
        return blocks;
    }
}
