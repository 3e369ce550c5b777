package org.jrr.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jrr.api.JrrException;
import org.jrr.api.trace.CloneEvent;
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
        String ppid = "--";
    }

    @Override
    public Integer call() throws IOException {
        var store = services.needStore();
        Map<Integer, Proc> procs = new LinkedHashMap<>();
        try (TraceReader reader = store.open(store.resolve(trace))) {
            String argv = String.join(" ", reader.header().argv());
            Optional<Frame> f;
            Map<Integer, Integer> processOf = new java.util.HashMap<>(); // thread -> its process
            try {
                while ((f = reader.next()).isPresent()) {
                    int tid = f.get().tid();
                    int pid = processOf.getOrDefault(tid, tid);
                    if (procs.isEmpty()) {
                        procs.put(pid, new Proc());
                    }
                    Proc p = procs.get(pid);
                    switch (f.get().event()) {
                        case ExecEvent e -> {
                            if (p == null) { // a thread exec'd: it took over its process's id
                                p = procs.computeIfAbsent(tid, k -> new Proc());
                                processOf.put(tid, tid);
                            }
                            p.cmd = p.cmd.isEmpty() && procs.size() == 1 ? argv : e.exe();
                        }
                        case CloneEvent c when c.thread() -> processOf.put(c.child(), pid);
                        case CloneEvent c -> {
                            Proc child = new Proc();
                            child.ppid = Integer.toString(pid);
                            child.cmd = p == null ? "" : p.cmd;
                            procs.put(c.child(), child);
                        }
                        case ExitEvent e -> {
                            if (p != null && tid == pid) {
                                p.exit = e.signaled() ? EventText.signal(e.termSignal())
                                        : Integer.toString(e.exitCode());
                            }
                        }
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
            System.out.printf("%-8d %-8s %-8s %s%n", e.getKey(), e.getValue().ppid, e.getValue().exit, e.getValue().cmd);
        }
        return 0;
    }
}
