package org.jrr.gdb.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How gdb is started against the server: the one-line hint, and the command line with its init script. */
final class GdbInvocation {
    static final String INIT_SCRIPT = "jrr-gdb-init.gdb";
    /** gdb's remote timeout, in seconds: a reverse-continue can take long, gdb must not give up (rr does this). */
    static final String REMOTE_TIMEOUT = "10000";

    private GdbInvocation() {
    }

    static String howToConnect(int port, String executable) {
        return "gdb -l " + REMOTE_TIMEOUT + " -ex 'target extended-remote " + address(port) + "' "
                + shellQuote(executable);
    }

    static List<String> command(int port, String executable, List<String> extraArgs, Path work) throws IOException {
        Files.createDirectories(work);
        Path init = work.resolve(INIT_SCRIPT);
        Files.writeString(init, initScript(port));
        List<String> argv = new ArrayList<>(List.of(gdb(), "-l", REMOTE_TIMEOUT, "-q", "-x", init.toString()));
        argv.addAll(extraArgs);
        argv.add(executable);
        return argv;
    }

    /** gdb runs this after loading the executable's symbols. */
    static String initScript(int port) {
        return """
                # Written by jrr for one replay session.
                set prompt (jrr)\\040
                # A replay is all-stop; a signal in a function called from gdb must not leave a half-done frame.
                set non-stop off
                set unwindonsignal on
                # The recorded files are this machine's; no need to fetch them over the protocol.
                set sysroot /
                set debuginfod enabled off
                handle SIGURG stop
                target extended-remote %s

                # gdb's checkpoint and restart are replaced by jrr's, without asking
                set $jrr_confirm = $_gdb_setting("confirm")
                set confirm off

                define when
                  monitor when
                end
                document when
                Print the number of the trace event the replay is at.
                end

                define checkpoint
                  monitor checkpoint
                end
                document checkpoint
                Save the current moment of the replay: 'restart N' comes back to it.
                end

                define restart
                  set confirm off
                  run c$arg0
                  if $jrr_confirm
                    set confirm on
                  end
                end
                document restart
                Take the replay to checkpoint N (see 'monitor info checkpoints').
                end
                if $jrr_confirm
                  set confirm on
                end

                define when-tid
                  monitor when-tid
                end
                document when-tid
                Print the thread id (as recorded) of the current thread.
                end
                """.formatted(address(port));
    }

    static String address(int port) {
        return "127.0.0.1:" + port;
    }

    /** gdb from PATH, as an absolute path when found (else plain "gdb", and starting it will say what is wrong). */
    static String gdb() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    Path candidate = Path.of(dir, "gdb");
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return candidate.toString();
                    }
                }
            }
        }
        return "gdb";
    }

    static String shellQuote(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-+,:=@%".indexOf(c) >= 0)) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
