package org.jrr.gdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jrr.api.debug.DebugFrontend;
import org.jrr.gdb.GdbFrontend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** gdb itself, started as the CLI would start it, against the server and a scripted replay. */
@Timeout(120)
class RealGdbTest {
    private static String run(DebugFrontend.Server server, Path work, String... commands) throws Exception {
        List<String> extra = new ArrayList<>(List.of("-batch", "-nx"));
        for (String c : commands) {
            extra.add("-ex");
            extra.add(c);
        }
        List<String> argv = server.clientCommand(FakeControl.EXE, extra, work);
        assumeTrue(Path.of(argv.get(0)).isAbsolute(), "gdb is not on PATH");
        Process gdb = new ProcessBuilder(argv).redirectErrorStream(true).start();
        gdb.getOutputStream().close();
        byte[] out = gdb.getInputStream().readAllBytes();
        assertTrue(gdb.waitFor(60, TimeUnit.SECONDS), "gdb did not finish");
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void gdbDebugsTheReplay(@TempDir Path work) throws Exception {
        FakeControl control = new FakeControl();
        try (DebugFrontend.Server server = new GdbFrontend().serve(control, 0)) {
            String out = run(server, work,
                    "info registers rip",
                    "info threads",
                    "p $xmm0.v16_int8",
                    "p/x $mxcsr",
                    "p $ftag",
                    "stepi",
                    "p $pc",
                    "break *0x401008",
                    "continue",
                    "reverse-stepi",
                    "p $pc",
                    "reverse-continue",
                    "p $pc",
                    "when",
                    "kill");
            assertTrue(out.contains("rip            0x401000            0x401000"), out);
            assertTrue(out.contains("Thread 256.256") && out.contains("Thread 256.257"), out);
            assertTrue(out.contains("{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}"), out);
            assertTrue(out.contains("= 0x1f80"), out);
            assertTrue(out.contains("= 65535"), out);
            assertTrue(out.contains("0x401001"), out);
            assertTrue(out.contains("hit Breakpoint 1, 0x0000000000401008"), out);
            assertTrue(out.contains("0x401007"), out);
            assertTrue(out.contains("No more reverse-execution history."), out);
            assertTrue(out.contains("Current event: 1000"), out);
            assertTrue(out.contains("killed"), out);
            assertTrue(!out.contains("Remote 'g' packet reply") && !out.contains("Truncated register"), out);
            server.awaitEnd();
            assertEquals(0, control.pos());
        }
    }

    @Test
    void gdbShowsAvxAndAvx512RegistersFromTheCpusXsaveLayout(@TempDir Path work) throws Exception {
        FakeControl control = new FakeControl();
        control.avx512 = true;
        try (DebugFrontend.Server server = new GdbFrontend().serve(control, 0)) {
            String out = run(server, work,
                    "p $ymm0.v32_int8",
                    "p/x $k1",
                    "p $zmm16.v64_int8",
                    "p $xmm0.v16_int8",
                    "kill");
            // ymm0 = xmm0 (00…0f) then its upper half (10…1f): gdb joined the two features' registers
            assertTrue(out.contains("= {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,"
                    + " 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}"), out);
            assertTrue(out.contains("= 0x5555"), out);
            assertTrue(out.contains("61, 62, 63}"), out);
            assertTrue(!out.contains("warning") && !out.contains("Truncated register"), out);
            server.awaitEnd();
        }
    }

    @Test
    void gdbSeesSignalsAndWatchpoints(@TempDir Path work) throws Exception {
        FakeControl control = new FakeControl();
        control.nextStop = new org.jrr.api.debug.Stop.Signal(FakeControl.MAIN, 10);
        try (DebugFrontend.Server server = new GdbFrontend().serve(control, 0)) {
            String out = run(server, work,
                    "continue",
                    "p $_siginfo.si_signo",
                    "rwatch *(long *)0x7ffefff0",
                    "detach");
            assertTrue(out.contains("received signal SIGUSR1"), out);
            assertTrue(out.contains("= 10"), out);
            assertTrue(out.contains("Hardware read watchpoint 1: *(long *)0x7ffefff0"), out);
            assertTrue(out.contains("Detaching from program") || out.contains("detached"), out);
            server.awaitEnd();
        }
    }
}
