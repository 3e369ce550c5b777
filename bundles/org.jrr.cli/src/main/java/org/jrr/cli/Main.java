package org.jrr.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jrr.api.JrrException;
import org.jrr.api.arch.Arch;
import org.jrr.api.debug.DebugFrontend;
import org.jrr.api.debug.DebugReplayer;
import org.jrr.api.session.Recorder;
import org.jrr.api.session.Replayer;
import org.jrr.api.session.SystemCheck;
import org.jrr.api.session.TraceStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.jrr.api.syscallbuf.SyscallBuffer;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import picocli.CommandLine;

/**
 * The command line, run by the launcher on the main thread once the framework is up. Its only mandatory
 * reference is the launcher itself, so it always activates (a main component that never activates would hang
 * the launcher); the services it needs are looked up when a command runs.
 */
@Component(service = Callable.class, property = "main.thread=true")
public final class Main implements Callable<Integer> {
    private final String[] args;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Recorder recorder;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Replayer replayer;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TraceStore store;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(jrr.name=x86_64)")
    private volatile Arch arch;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SystemCheck systemCheck;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DebugReplayer debugReplayer;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(jrr.name=gdb-remote)")
    private volatile DebugFrontend gdb;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SyscallBuffer syscallBuffer;

    @Activate
    public Main(@Reference(service = Object.class, target = "(launcher.arguments=*)") Map<String, Object> launcher) {
        this.args = (String[]) launcher.get("launcher.arguments");
    }

    @Override
    public Integer call() {
        Services services = new Services(() -> recorder, () -> replayer, () -> store, () -> arch,
                () -> systemCheck, () -> debugReplayer, () -> gdb, () -> syscallBuffer);
        JrrCommand top = new JrrCommand();
        CommandLine cl = Commands.create(top, services);
        PrintWriter err = cl.getErr();
        try {
            return cl.execute(args);
        } catch (RuntimeException e) {
            err.println("jrr: internal error: " + e);
            err.flush();
            return 70;
        } finally {
            System.out.flush();
        }
    }

    /** How a failure reaches the user: one line, the stack trace only when asked for. */
    static int report(Exception e, CommandLine cl, boolean verbose) {
        PrintWriter err = cl.getErr();
        if (e instanceof JrrException j) {
            err.println("jrr: " + j.getMessage());
            if (verbose) {
                j.printStackTrace(err);
            }
            err.flush();
            return j.exitCode();
        }
        err.println("jrr: internal error: " + e + (verbose ? "" : " (run with --verbose for details)"));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return 70;
    }
}
