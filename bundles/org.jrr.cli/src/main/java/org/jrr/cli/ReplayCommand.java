package org.jrr.cli;

import java.util.concurrent.Callable;
import org.jrr.api.JrrException;
import org.jrr.api.session.ReplayRequest;
import org.jrr.api.session.ReplayResult;
import org.jrr.api.session.TraceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jrr replay [-a] [trace]} */
@Command(name = "replay", description = "Replay a recorded execution (default: the latest trace).")
final class ReplayCommand extends ServiceUser implements Callable<Integer> {
    @Option(names = {"-a", "--autopilot"},
            description = "Replay to the end without a debugger, re-emitting the program's output.")
    boolean autopilot;

    @Parameters(arity = "0..1", paramLabel = "TRACE", description = "A trace directory or name.")
    String trace;


    @Override
    public Integer call() {
        TraceStore store = services.needStore();
        var dir = store.resolve(trace);
        if (!autopilot) {
            throw new JrrException("replay under a debugger is not available yet; use 'jrr replay -a' to replay to "
                    + "the end");
        }
        ReplayResult r = services.needReplayer().replay(new ReplayRequest(dir, System.out, System.err, System.err));
        System.out.flush();
        if (!r.complete()) {
            return r.exitStatus() == 0 ? 1 : r.exitStatus();
        }
        return r.exitStatus();
    }
}
