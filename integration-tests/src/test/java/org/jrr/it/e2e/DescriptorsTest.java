package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A recorded program gets exactly the descriptors the user gave jrr (issue 14): none of the JVM's, and a standard
 * one the user closed stays closed (the JVM would otherwise have put one of its files there). jrr's own descriptor
 * for the syscall buffer sits at 100 or above, out of the way of the program's numbers.
 */
class DescriptorsTest {
    @Test
    void theProgramGetsTheDescriptorsTheUserGaveJrr() throws Exception {
        Jrr jrr = new Jrr("descriptors");
        // through the jrr script, as a user runs it: stdin closed, descriptor 7 open
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "exec 0<&- 7</dev/null; exec \"$0\" record -q "
                + Jrr.RECORD_FLAGS + " \"$1\"", Path.of("../jrr").toAbsolutePath().normalize().toString(),
                Jrr.program("fds")));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JRR_TRACE_DIR", jrr.traces.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jrr record did not end");
        assertEquals(0, p.exitValue(), out + err);
        assertTrue(out.matches("(?s)open at start: 1 2 7( 1\\d\\d)?\nthe first open gets 0\n"), out + err);
        Jrr.Result rep = jrr.run("replay", "-a");
        assertEquals(0, rep.status(), rep::toString);
        assertEquals(out, rep.stdout(), rep::toString);
    }
}
