package org.jrr.kernel.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jrr.api.JrrException;

/**
 * A task's signal masks as the kernel reports them in /proc: which signals it blocks, ignores and catches.
 *
 * @param blocked SigBlk
 * @param ignored SigIgn
 * @param caught  SigCgt
 */
public record SignalState(long blocked, long ignored, long caught) {
    /** What delivering a signal does. */
    public enum Disposition { CAUGHT, IGNORED, STOPS, FATAL }

    private static final long DEFAULT_IGNORED = bit(17) | bit(18) | bit(23) | bit(28); // CHLD CONT URG WINCH
    private static final long DEFAULT_STOPS = bit(19) | bit(20) | bit(21) | bit(22); // STOP TSTP TTIN TTOU

    public static SignalState of(int tid) {
        long blocked = 0, ignored = 0, caught = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(tid), "status"))) {
                if (line.startsWith("SigBlk:")) {
                    blocked = mask(line);
                } else if (line.startsWith("SigIgn:")) {
                    ignored = mask(line);
                } else if (line.startsWith("SigCgt:")) {
                    caught = mask(line);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new JrrException("cannot read the signal state of task " + tid + ": " + e.getMessage(), e);
        }
        return new SignalState(blocked, ignored, caught);
    }

    private static long mask(String line) {
        return Long.parseUnsignedLong(line.substring(7).trim(), 16);
    }

    public Disposition disposition(int sig) {
        long b = bit(sig);
        if ((caught & b) != 0) {
            return Disposition.CAUGHT;
        }
        if ((ignored & b) != 0 || (DEFAULT_IGNORED & b) != 0) {
            return Disposition.IGNORED;
        }
        return (DEFAULT_STOPS & b) != 0 ? Disposition.STOPS : Disposition.FATAL;
    }

    public boolean blocks(int sig) {
        return (blocked & bit(sig)) != 0;
    }

    public static long bit(int sig) {
        return 1L << (sig - 1);
    }
}
