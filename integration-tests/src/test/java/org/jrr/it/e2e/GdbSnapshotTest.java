package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Restarts from snapshots in programs with threads, forks, execs, signals and stops: with a snapshot every second
 * frame, `run EVENT` copies the tasks of the snapshot before the event (tasks sharing memory, a vfork child, a
 * signal mask and handlers), and the replay from there goes on exactly as one from the start.
 */
class GdbSnapshotTest {
    private static final String[] COMMANDS = {"handle all nostop noprint", "run 40",
        "continue", "run 20", "continue"};

    @ParameterizedTest
    @ValueSource(strings = {"threads", "fork_pipe_wait", "exec_thread", "signals", "stop_cont"})
    void replaysFromSnapshotsGoOnAsFromTheStart(String program) throws Exception {
        Jrr jrr = new Jrr("gdb-snapshot-" + program);
        Jrr.Result rec = jrr.run("record", "-q", Jrr.program(program));
        assertEquals(0, rec.status(), rec::toString);
        Jrr.Result fromStart = GdbScript.run(jrr, Map.of("JRR_CHECKPOINT_INTERVAL", "0"), COMMANDS);
        Jrr.Result fromSnapshots = GdbScript.run(jrr, Map.of("JRR_CHECKPOINT_INTERVAL", "2"), COMMANDS);
        for (Jrr.Result r : new Jrr.Result[] {fromStart, fromSnapshots}) {
            assertEquals(0, r.status(), r::toString);
            assertFalse(r.stderr().contains("diverged") || r.stderr().contains("cannot take a snapshot"),
                    r::toString);
            assertTrue(r.stdout().contains("EXIT-SUCCESS"), r::toString);
        }
        assertEquals(shown(fromStart.stdout()), shown(fromSnapshots.stdout()));
    }

    /** What gdb and the program print, less what differs between runs (addresses of a new thread's stack). */
    private static String shown(String out) {
        return out.lines().filter(l -> !l.startsWith("[New Thread") && !l.startsWith("warning:"))
                .collect(Collectors.joining("\n"));
    }
}
