package org.jrr.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jrr.api.session.RecordRequest;
import org.jrr.api.session.RecordResult;
import org.jrr.api.session.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jrr record [options] [--] prog args...} */
@Command(name = "record", description = "Run a program and record its execution into a trace.")
final class RecordCommand extends ServiceUser implements Callable<Integer> {
    @Option(names = {"-o", "--output-trace-dir"}, paramLabel = "DIR",
            description = "Write the trace into DIR instead of the trace store.")
    Path output;

    @Option(names = "--hpc", paramLabel = "NAME", description = "The tick provider to use (default: the best available).")
    String hpc;

    @Option(names = {"-n", "--no-syscall-buffer"},
            description = "Trace every syscall with ptrace instead of buffering the cheap ones in the program (slower).")
    boolean noSyscallBuffer;

    @Option(names = {"-w", "--wait"}, description = "Record until every process the program made has ended (by"
            + " default the recording ends with the program's first process, and the processes it left are killed).")
    boolean waitForAll;

    @Option(names = {"-q", "--quiet"}, description = "Do not say where the trace goes.")
    boolean quiet;

    @Parameters(arity = "1..*", paramLabel = "PROGRAM", description = "The program and its arguments.")
    List<String> command;


    @Override
    public Integer call() {
        Recorder recorder = services.needRecorder();
        CountDownLatch done = new CountDownLatch(1);
        // Ctrl-C or SIGTERM: kill the tracee and let the recording finish its trace before the JVM goes.
        Thread hook = new Thread(() -> {
            recorder.interrupt();
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "jrr-record-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RecordResult r = recorder.record(new RecordRequest(command, output, hpc, System.err, !noSyscallBuffer,
                    waitForAll));
            if (!quiet) {
                System.err.println("jrr: recorded to " + r.trace() + (r.interrupted() ? " (interrupted)" : ""));
            }
            return r.exitStatus();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the recording is done
            }
        }
    }
}
