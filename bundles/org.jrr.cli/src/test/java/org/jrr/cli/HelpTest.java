package org.jrr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** Every command answers --help with its usage; after the program, --help is the program's. */
class HelpTest {
    private static String[] run(String... args) {
        CommandLine cl = Commands.create(new JrrCommand(), null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new String[] {Integer.toString(status), out.toString(), err.toString()};
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"record", "replay", "dump", "ls", "ps", "doctor"}) {
            String[] r = run(command, "--help");
            assertEquals("0", r[0], command + ": " + r[2]);
            assertTrue(r[1].startsWith("Usage: jrr " + command), command + ": " + r[1]);
        }
        String[] r = run("record", "--help");
        assertTrue(r[1].contains("--wait"), r[1]);
    }

    @Test
    void aProgramsOwnHelpIsNotJrrs() {
        CommandLine cl = Commands.create(new JrrCommand(), null);
        CommandLine.ParseResult parsed = cl.parseArgs("record", "ls", "--help");
        RecordCommand record = (RecordCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals(java.util.List.of("ls", "--help"), record.command);
    }
}
