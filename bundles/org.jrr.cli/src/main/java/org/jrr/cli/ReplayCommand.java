package org.jrr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jrr.api.JrrException;
import org.jrr.api.debug.DebugFrontend;
import org.jrr.api.debug.DebugRequest;
import org.jrr.api.debug.ReplayControl;
import org.jrr.api.session.ReplayRequest;
import org.jrr.api.session.ReplayResult;
import org.jrr.api.session.TraceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jrr replay [-a | -s PORT] [-g EVENT] [-p PID] [trace] [-- gdb args]} */
@Command(name = "replay", description = "Replay a recorded execution (default: the latest trace) under gdb, or to "
        + "its end with -a.")
final class ReplayCommand extends ServiceUser implements Callable<Integer> {
    @Option(names = {"-a", "--autopilot"},
            description = "Replay to the end without a debugger, re-emitting the program's output.")
    boolean autopilot;

    @Option(names = {"-s", "--dbgport"}, paramLabel = "PORT",
            description = "Serve gdb's remote protocol on 127.0.0.1:PORT and wait for gdb (no gdb is started).")
    Integer port;

    @Option(names = {"-g", "--goto"}, paramLabel = "EVENT", description = "Start debugging at this event.")
    long goTo;

    @Option(names = {"-p", "--pid"}, paramLabel = "PID",
            description = "Debug this recorded process (default: the first one).")
    int pid;

    @Parameters(arity = "0..*", paramLabel = "TRACE [-- GDB-ARGS]",
            description = "A trace directory or name, then (after --) arguments for gdb.")
    List<String> rest = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        TraceStore store = services.needStore();
        // "jrr replay -- -batch ..." leaves no trace name: what follows -- is all gdb's
        String trace = !rest.isEmpty() && !rest.get(0).startsWith("-") ? rest.get(0) : null;
        List<String> gdbArgs = rest.subList(trace == null ? 0 : 1, rest.size());
        var dir = store.resolve(trace);
        if (autopilot) {
            if (port != null || !gdbArgs.isEmpty()) {
                throw new JrrException("-a replays without a debugger: it takes no -s and no gdb arguments");
            }
            ReplayResult r = services.needReplayer().replay(new ReplayRequest(dir, System.out, System.err, System.err));
            System.out.flush();
            if (!r.complete()) {
                return r.exitStatus() == 0 ? 1 : r.exitStatus();
            }
            return r.exitStatus();
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw new JrrException("no such port: " + port);
        }
        DebugFrontend gdb = services.needGdb();
        try (ReplayControl control = services.needDebugReplayer().start(new DebugRequest(dir, System.out, System.err,
                System.err, pid, goTo));
             DebugFrontend.Server server = serve(gdb, control)) {
            String exe = control.executable(control.lastStop().task());
            if (port != null) {
                System.err.println("jrr: replaying " + dir + " for gdb on 127.0.0.1:" + server.port()
                        + "; connect with: " + server.howToConnect(exe));
                server.awaitEnd();
                return 0;
            }
            return runGdb(server, exe, gdbArgs);
        }
    }

    private DebugFrontend.Server serve(DebugFrontend gdb, ReplayControl control) {
        try {
            return gdb.serve(control, port == null ? 0 : port);
        } catch (IOException e) {
            throw new JrrException("cannot serve gdb on 127.0.0.1:" + (port == null ? 0 : port) + ": " + e.getMessage());
        }
    }

    /** Starts gdb on this terminal, connected to the server; jrr ignores Ctrl-C meanwhile, which is gdb's. */
    private static int runGdb(DebugFrontend.Server server, String exe, List<String> gdbArgs)
            throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("jrr-gdb");
        try {
            List<String> cmd = server.clientCommand(exe, gdbArgs, work);
            Process p;
            try {
                p = new ProcessBuilder(cmd).inheritIO().start();
            } catch (IOException e) {
                throw new JrrException("cannot start gdb (" + cmd.get(0) + "): " + e.getMessage()
                        + "; install gdb, or use 'jrr replay -s PORT' and connect a debugger yourself");
            }
            Interrupts.ignore();
            return p.waitFor();
        } finally {
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(work);
        }
    }
}
