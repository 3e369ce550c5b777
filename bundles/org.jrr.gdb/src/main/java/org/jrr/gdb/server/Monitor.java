package org.jrr.gdb.server;

import java.util.ArrayList;
import java.util.List;
import org.jrr.api.debug.Checkpoint;
import org.jrr.api.debug.ReplayControl;
import org.jrr.api.debug.TaskId;

/** {@code qRcmd} ({@code monitor <command>} in gdb): jrr's own commands; the output goes as console packets. */
final class Monitor {
    static final String HELP = """
            jrr monitor commands:
              when       the number of the trace event the replay is at
              when-tid   the thread id of the current thread
              checkpoint            save the current moment (gdb: checkpoint)
              info checkpoints      list them
              delete checkpoint N   forget one
              restart N             go to checkpoint N (gdb: restart N, or run cN)
              help       this list
            """;

    private final ReplayControl control;

    Monitor(ReplayControl control) {
        this.control = control;
    }

    private String checkpoints() {
        List<Checkpoint> all = control.checkpoints();
        if (all.isEmpty()) {
            return "No checkpoints.\n";
        }
        StringBuilder sb = new StringBuilder();
        for (Checkpoint cp : all) {
            sb.append(cp.number()).append("  event ").append(cp.event()).append('\n');
        }
        return sb.toString();
    }

    /** The packets to send for {@code command}: its output, then {@code OK}. */
    List<String> run(String command, TaskId task) {
        String c = command.strip().replaceAll("\\s+", " ");
        String text = switch (c) {
            case "when" -> "Current event: " + control.event() + "\n";
            case "when-tid" -> "Current tid: " + task.tid() + "\n";
            case "checkpoint" -> {
                Checkpoint cp = control.checkpoint();
                yield "Checkpoint " + cp.number() + " at event " + cp.event() + "\n";
            }
            case "info checkpoints" -> checkpoints();
            case String d when d.matches("delete checkpoint \\d{1,9}") -> {
                int n = Integer.parseInt(d.substring("delete checkpoint ".length()));
                yield control.deleteCheckpoint(n) ? "Deleted checkpoint " + n + "\n" : "No checkpoint " + n + "\n";
            }
            // a stop cannot be reported from here: gdb's run takes the replay there and shows where it is
            case String r when r.matches("restart \\d{1,9}") -> "Use 'restart " + r.substring(8) + "' (or 'run c"
                    + r.substring(8) + "') at the gdb prompt: gdb has to see the replay move.\n";
            case "", "help" -> HELP;
            default -> "jrr: unknown monitor command '" + command.strip() + "'; try 'monitor help'\n";
        };
        List<String> out = new ArrayList<>(Replies.console(text));
        out.add(Replies.OK);
        return out;
    }
}
