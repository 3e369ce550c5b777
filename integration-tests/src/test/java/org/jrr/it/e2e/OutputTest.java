package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What a program prints reaches replay's output however it was written (issue 14): also bytes the kernel moved to
 * stdout from a file (copy_file_range, sendfile, splice), which never were in the program's memory.
 */
class OutputTest {
    /** `cat FILE >out`: cat copies with copy_file_range when stdout is a file. */
    @Test
    void catToAFileReplaysWhatItCopied() throws Exception {
        Jrr jrr = new Jrr("output-cat");
        Path in = jrr.traces.resolve("input.txt");
        Files.writeString(in, "a line cat copies without reading it\n".repeat(100));
        recordedAndReplayedTo(jrr, "cat", in.toString());
    }

    /** sendfile, copy_file_range and splice to stdout, as a file and as a pipe. */
    @Test
    void outputMovedByTheKernelIsPrintedAgain() throws Exception {
        Jrr jrr = new Jrr("output-moved");
        String printed = recordedAndReplayedTo(jrr, Jrr.program("moved_output"));
        assertTrue(printed.contains("sendfile line\ncopy_file_range line\nsplice line\n"), printed);
        RecordReplayTest.recordAndReplayTwice("moved_output_pipe", java.util.List.of(Jrr.program("moved_output")),
                java.util.Map.of(), null, 0, "splice line");
    }

    /** Records {@code command} with stdout to a file, replays it with stdout to another: the same bytes, returned. */
    private static String recordedAndReplayedTo(Jrr jrr, String... command) throws Exception {
        Path recorded = jrr.traces.resolve("recorded.out"), replayed = jrr.traces.resolve("replayed.out");
        String[] args = new String[command.length + 2];
        args[0] = "record";
        args[1] = "-q";
        System.arraycopy(command, 0, args, 2, command.length);
        Jrr.Result rec = jrr.runTo(recorded, args);
        assertEquals(0, rec.status(), rec::toString);
        Jrr.Result rep = jrr.runTo(replayed, "replay", "-a");
        assertEquals(0, rep.status(), rep::toString);
        String out = Files.readString(recorded);
        assertTrue(!out.isEmpty(), "the program printed something");
        assertEquals(out, Files.readString(replayed), rep::toString);
        return out;
    }
}
