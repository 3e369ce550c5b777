package org.jrr.kernel.task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jrr.api.JrrException;
import org.jrr.linux.Linux;
import org.jrr.linux.WaitStatus;

/**
 * Starts a tracee through the native launcher (native/src/launch.c) and attaches to it: the launcher stops
 * itself before its exec, so the tracer seizes it with nothing missed. Called on the tracer thread.
 */
public final class Launcher {
    private Launcher() {
    }

    /**
     * Spawns {@code path} (argv {@code argv}, environment {@code env}) on {@code cpu} and seizes it with
     * {@code ptraceOptions}; returns the pid. {@code mode} is "record" or "replay".
     */
    public static int start(Linux linux, int cpu, String mode, Path path, List<String> argv, List<String> env,
                            int ptraceOptions) {
        List<String> launch = new ArrayList<>(List.of(linux.launcher().toString(), Integer.toString(cpu), mode,
                path.toString()));
        launch.addAll(argv);
        int pid = linux.spawn(linux.launcher(), launch, env);
        WaitStatus st = linux.waitpid(pid, 2 /* WUNTRACED */);
        if (!st.stopped()) {
            throw new JrrException("the tracee launcher failed before it could be traced (" + st + ")");
        }
        try {
            linux.seize(pid, ptraceOptions);
        } catch (RuntimeException e) {
            linux.killQuietly(pid, 9); // not left behind, stopped, when it cannot be traced
            linux.waitpid(pid, 0);
            throw e;
        }
        return pid;
    }
}
