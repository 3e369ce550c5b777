package org.jrr.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jrr.api.JrrException;
import org.jrr.api.trace.ExecEvent;
import org.jrr.api.trace.ExitEvent;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.TraceReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jrr ps [trace]}: the processes of a trace. */
@Command(name = "ps", description = "List the processes recorded in a trace.")
final class PsCommand extends ServiceUser implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "TRACE", description = "A trace directory or name (default: the latest).")
    String trace;


    private static final class Proc {
        String cmd = "";
        String exit = "-";
    }

    @Override
    public Integer call() throws IOException {
        var store = services.needStore();
        Map<Integer, Proc> procs = new LinkedHashMap<>();
        try (TraceReader reader = store.open(store.resolve(trace))) {
            String argv = String.join(" ", reader.header().argv());
            Optional<Frame> f;
            try {
                while ((f = reader.next()).isPresent()) {
                    Proc p = procs.computeIfAbsent(f.get().tid(), k -> new Proc());
                    switch (f.get().event()) {
                        case ExecEvent e -> p.cmd = p.cmd.isEmpty() ? argv : e.exe();
                        case ExitEvent e -> p.exit = e.signaled() ? EventText.signal(e.termSignal())
                                : Integer.toString(e.exitCode());
                        default -> {
                        }
                    }
                }
            } catch (IOException e) {
                throw new JrrException(e.getMessage(), e);
            }
        }
        System.out.printf("%-8s %-8s %-8s %s%n", "PID", "PPID", "EXIT", "CMD");
        for (var e : procs.entrySet()) {
            System.out.printf("%-8d %-8s %-8s %s%n", e.getKey(), "--", e.getValue().exit, e.getValue().cmd);
        }
        return 0;
    }
}
