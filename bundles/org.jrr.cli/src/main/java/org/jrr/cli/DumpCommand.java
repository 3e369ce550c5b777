package org.jrr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jrr.api.JrrException;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.TraceReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jrr dump [trace]}: one line per event. */
@Command(name = "dump", description = "Print the events of a trace, one per line.")
final class DumpCommand extends ServiceUser implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "TRACE", description = "A trace directory or name (default: the latest).")
    String trace;

    @Option(names = {"-m", "--memory"}, description = "Also list the memory each event wrote.")
    boolean memory;


    @Override
    public Integer call() throws IOException {
        var store = services.needStore();
        var dir = store.resolve(trace);
        PrintStream out = System.out;
        try (TraceReader reader = store.open(dir)) {
            var h = reader.header();
            out.printf("# trace %s: %s, %s ticks (%s), command: %s%n", dir, h.arch(), h.hpcProvider(),
                    h.tickSemantics(), String.join(" ", h.argv()));
            Optional<Frame> f;
            try {
                while ((f = reader.next()).isPresent()) {
                    out.println(EventText.line(f.get(), services));
                    if (memory) {
                        EventText.memory(f.get(), out);
                    }
                }
            } catch (IOException e) {
                out.flush();
                throw new JrrException(e.getMessage(), e);
            }
            if (!reader.complete()) {
                out.println("# the trace was cut short here: the recording did not finish");
                out.flush();
                System.err.println("jrr: the trace " + dir + " was cut short: the recording did not finish (jrr was"
                        + " killed, or its events file was truncated)");
                return 1;
            }
        }
        return 0;
    }
}
