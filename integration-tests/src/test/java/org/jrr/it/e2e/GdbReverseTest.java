package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Going backward with the real gdb, in a recording of debug_target (add() called from main with a = 0..4, b = 1,
 * and from a worker thread with a = 100, b = 0..2).
 */
class GdbReverseTest {
    private static Jrr jrr;

    @BeforeAll
    static void record() throws Exception {
        jrr = new Jrr("gdb-reverse");
        Jrr.Result rec = jrr.run("record", "-q", Jrr.program("debug_target"));
        assertEquals(0, rec.status(), rec::toString);
    }

    private static Jrr.Result gdb(String... commands) throws Exception {
        List<String> args = new ArrayList<>(List.of("replay", "--", "-batch", "-nx"));
        for (String c : commands) {
            args.add("-ex");
            args.add(c);
        }
        Jrr.Result r = jrr.run(args.toArray(String[]::new));
        assertTrue(!r.stdout().contains("jrr:") && !r.stderr().contains("diverged"), r::toString);
        return r;
    }

    @Test
    void reverseContinueGoesToTheEarlierHitsThenToTheStartOfTheRecording() throws Exception {
        Jrr.Result r = gdb("break add if b == 1", "continue", "continue", "continue", "print a",
                "reverse-continue", "print a", "reverse-continue", "print a", "reverse-continue",
                "continue", "print a");
        assertEquals(List.of("2", "1", "0", "0"), values(r.stdout()), r::toString);
        assertTrue(r.stdout().contains("No more reverse-execution history."), r::toString);
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

    private static List<String> values(String out) {
        List<String> v = new ArrayList<>();
        Matcher m = Pattern.compile("\\$\\d+ = (-?\\d+)").matcher(out);
        while (m.find()) {
            v.add(m.group(1));
        }
        return v;
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
