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
    /**
     * The descriptors the user gave jrr, ascending and comma-separated, which a recorded program gets, and no others:
     * the jrr script lists them (after putting /dev/null on standard ones the user had closed, so that the JVM does
     * not take them for its own files; those are left out). Not set: 0, 1 and 2.
     */
    public static final String FDS_PROPERTY = "jrr.user.fds";

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
        List<String> environment = env;
        String given = System.getProperty(FDS_PROPERTY, "");
        if (given.matches("[0-9]+(,[0-9]+)*") && !mode.equals("replay")) {
            environment = new ArrayList<>(env);
            environment.add("JRR_LAUNCH_FDS=" + given); // the launcher takes it out of the environment
        }
        int pid = linux.spawn(linux.launcher(), launch, environment);
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
