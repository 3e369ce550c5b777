package org.jrr.kernel.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A task's state as /proc shows it: scheduling (the field after the command name in /proc/TID/stat), namespace. */
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

    /** Whether the task waits in an interruptible sleep (S): for another task, a peer, a timer; not for I/O. */
    public static boolean waiting(int tid) {
        return state(tid) == 'S';
    }

    private static char state(int tid) {
        try {
            String stat = new String(Files.readAllBytes(Path.of("/proc", Integer.toString(tid), "stat")),
                    StandardCharsets.US_ASCII);
            int close = stat.lastIndexOf(')');
            return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
        } catch (IOException e) {
            return '?'; // gone: its stop (an exit) comes
        }
    }

    /**
     * Whether the task is on its way out: a zombie, dead, or exiting (PF_EXITING, the ninth field of its stat): a
     * task killed while it ran never stops for jrr again but to report its end.
     */
    public static boolean exiting(int tid) {
        try {
            String stat = new String(Files.readAllBytes(Path.of("/proc", Integer.toString(tid), "stat")),
                    StandardCharsets.US_ASCII);
            int close = stat.lastIndexOf(')');
            String[] f = stat.substring(close + 2).split(" ");
            char state = f[0].charAt(0);
            return state == 'Z' || state == 'X' || (Long.parseLong(f[6]) & PF_EXITING) != 0;
        } catch (IOException | RuntimeException e) {
            return true; // gone
        }
    }

    private static final long PF_EXITING = 0x4;

    /**
     * Whether the task is the init of a PID namespace below jrr's (pid 1 there): its exit waits until the kernel
     * has killed and reaped every other process of its namespace.
     */
    public static boolean namespaceInit(int tid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(tid), "status"))) {
                if (line.startsWith("NSpid:")) {
                    String[] pids = line.substring("NSpid:".length()).trim().split("\\s+");
                    return pids.length > 1 && pids[pids.length - 1].equals("1");
                }
            }
        } catch (IOException e) {
            // gone
        }
        return false;
    }
}
