package org.jrr.kernel.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A task's scheduling state as /proc shows it (the field after the command name in /proc/TID/stat). */
public final class ProcState {
    private ProcState() {
    }

    /** Whether the task sleeps in the kernel (S or D): it waits, and no longer runs toward its wait. */
    public static boolean sleeping(int tid) {
        try {
            String stat = new String(Files.readAllBytes(Path.of("/proc", Integer.toString(tid), "stat")),
                    StandardCharsets.US_ASCII);
            int close = stat.lastIndexOf(')'); // the command name may hold anything, ')' included
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state == 'S' || state == 'D';
        } catch (IOException e) {
            return false; // gone: its stop (an exit) comes
        }
    }
}
