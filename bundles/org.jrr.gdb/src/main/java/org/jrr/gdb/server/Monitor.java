package org.jrr.gdb.server;

import java.util.ArrayList;
import java.util.List;
import org.jrr.api.debug.ReplayControl;
import org.jrr.api.debug.TaskId;

/** {@code qRcmd} ({@code monitor <command>} in gdb): jrr's own commands; the output goes as console packets. */
final class Monitor {
    static final String HELP = """
            jrr monitor commands:
              when       the number of the trace event the replay is at
              when-tid   the thread id of the current thread
              help       this list
            """;

    private final ReplayControl control;

    Monitor(ReplayControl control) {
        this.control = control;
    }

    /** The packets to send for {@code command}: its output, then {@code OK}. */
    List<String> run(String command, TaskId task) {
        String text = switch (command.strip()) {
            case "when" -> "Current event: " + control.event() + "\n";
            case "when-tid" -> "Current tid: " + task.tid() + "\n";
            case "", "help" -> HELP;
            default -> "jrr: unknown monitor command '" + command.strip() + "'; try 'monitor help'\n";
        };
        List<String> out = new ArrayList<>(Replies.console(text));
        out.add(Replies.OK);
        return out;
    }
}
