package org.jrr.it.e2e;

import static org.jrr.it.e2e.GdbScript.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debugging a replay with the real gdb: {@code jrr replay TRACE -- -batch -ex ...} starts gdb connected to jrr's
 * gdb-remote server, runs the commands and exits. The program (debug_target) calls add() from two threads and
 * keeps a running total in a global.
 */
class GdbTest {
    private static Jrr jrr;
    private static String recorded;

    @BeforeAll
    static void record() throws Exception {
        jrr = new Jrr("gdb");
        Jrr.Result rec = jrr.run("record", "-q", Jrr.program("debug_target"));
        assertEquals(0, rec.status(), rec::toString);
        recorded = rec.stdout();
    }


    private static Jrr.Result gdb(String... commands) throws Exception {
        return GdbScript.run(jrr, commands);
    }

    @Test
    void breakpointsBacktracePrintFinishAndTheEnd() throws Exception {
        Jrr.Result r = gdb("break add", "continue", "bt", "print a + b", "print counter", "finish",
                "delete", "continue", "continue");
        String out = r.stdout();
        Matcher hit = Pattern.compile("Breakpoint 1, add \\(a=(\\d+), b=(\\d+)\\)").matcher(out);
        assertTrue(hit.find(), r::toString);
        int sum = Integer.parseInt(hit.group(1)) + Integer.parseInt(hit.group(2));
        assertTrue(out.contains("#0  add (a="), r::toString);
        assertTrue(out.matches("(?s).*#1  0x[0-9a-f]+ in (main|worker) .*"), r::toString);
        assertTrue(out.contains("$1 = " + sum), r::toString);
        assertTrue(out.contains("$2 = 0"), "no add() has finished yet: " + r);
        assertTrue(out.contains("Value returned is $3 = " + sum), r::toString);
        assertTrue(out.contains("received signal SIGKILL"), "the end, as rr shows it: " + r);
        assertTrue(out.contains("exited normally"), r::toString);
        assertTrue(out.contains(recorded.strip().lines().findFirst().orElseThrow()),
                "the program's output is replayed as gdb runs it: " + r);
        String all = out + r.stderr();
        assertFalse(all.contains("unable to open /proc file"), "the maps come from the replay: " + r);
        assertFalse(all.contains("Really redefine"), "jrr's commands replace gdb's without asking: " + r);
        assertEquals(0, r.status(), r::toString);
    }

    /**
     * {@code jrr replay -s PORT} with gdb as a user starts it by hand: no init script, so the sysroot is gdb's
     * default ({@code target:}) and the shared libraries come through the protocol's host I/O.
     */
    @Test
    void aUsersOwnGdbConnectsToTheServerAndReadsTheLibrariesThroughIt() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process server = jrr.start(java.util.Map.of(), List.of("replay", "-s", Integer.toString(port)));
        try {
            var err = new java.io.BufferedReader(new java.io.InputStreamReader(server.getErrorStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            var hint = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return err.readLine();
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            String line = hint.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(line != null && line.contains("target extended-remote 127.0.0.1:" + port), line);
            Process gdb = new ProcessBuilder("gdb", "-batch", "-nx", "-l", "10000",
                    "-ex", "target extended-remote 127.0.0.1:" + port, "-ex", "break add", "-ex", "continue",
                    "-ex", "info sharedlibrary", "-ex", "kill", Jrr.program("debug_target"))
                    .redirectErrorStream(true).start();
            gdb.getOutputStream().close();
            String out = new String(gdb.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(gdb.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), out);
            assertTrue(out.contains("Breakpoint 1, add ("), out);
            assertTrue(out.matches("(?s).*0x[0-9a-f]+ +0x[0-9a-f]+ +Yes( \\(\\*\\))? +target:/\\S*libc\\.so\\.6.*"),
                    "libc's symbols came through the server: " + out);
            assertFalse(out.contains("unable to open /proc file"), out);
            assertTrue(server.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the server ends with gdb");
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void everyCallIsHitInTheRecordedOrderAndReplaysAreRepeatable() throws Exception {
        String[] cmds = new String[2 + 8 * 2];
        int i = 0;
        cmds[i++] = "break add";
        cmds[i++] = "continue";
        for (int k = 0; k < 8; k++) {
            cmds[i++] = "print a * 1000 + b";
            cmds[i++] = "continue";
        }
        Jrr.Result first = gdb(cmds);
        Jrr.Result second = gdb(cmds);
        List<String> hits = values(first.stdout());
        assertEquals(8, hits.size(), first::toString);
        assertEquals(hits, values(second.stdout()), "a replay is the same every time");
        assertTrue(first.stdout().contains("received signal SIGKILL"), first::toString);
    }

    @Test
    void stepsAndRegistersAndMemory() throws Exception {
        Jrr.Result r = gdb("break add", "continue", "info registers rip", "stepi", "info registers rip", "next",
                "next", "print sum", "x/2xw &counter", "info threads");
        String out = r.stdout();
        List<Long> rips = new ArrayList<>();
        Matcher m = Pattern.compile("rip +0x([0-9a-f]+) +0x[0-9a-f]+ <add\\+\\d+>").matcher(out);
        while (m.find()) {
            rips.add(Long.parseLong(m.group(1), 16));
        }
        assertEquals(2, rips.size(), r::toString);
        assertTrue(rips.get(1) > rips.get(0), "stepi moved forward: " + r);
        assertTrue(out.matches("(?s).*\\$1 = \\d+.*"), r::toString);
        assertTrue(out.contains("<counter>:"), r::toString);
        assertTrue(out.contains("Thread") || out.contains("process"), r::toString);
    }

    @Test
    void aProcessNotInTheTraceOrABusyPortIsAOneLineError() throws Exception {
        Jrr.Result r = jrr.run("replay", "-p", "999999");
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.stderr().strip().equals("jrr: the trace has no process 999999"), r::toString);
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Jrr.Result s = jrr.run("replay", "-s", Integer.toString(busy.getLocalPort()));
            assertEquals(1, s.status(), s::toString);
            assertTrue(s.stderr().strip().startsWith("jrr: cannot serve gdb on 127.0.0.1:" + busy.getLocalPort()),
                    s::toString);
            assertEquals(1, s.stderr().strip().lines().count(), s::toString);
        }
    }

}
