package org.jrr.gdb.server;

import java.util.List;
import java.util.Optional;
import org.jrr.api.debug.TaskId;
import org.jrr.gdb.packet.Hex;
import org.jrr.gdb.packet.MalformedPacketException;

/**
 * A thread id as gdb writes it: {@code p<pid>.<tid>} (multiprocess), {@code p<pid>} (all threads of pid), or a bare
 * {@code <tid>}; each part hex, {@code -1} for all, {@code 0} for any.
 */
public record ThreadId(long pid, long tid) {
    public static final long ALL = -1, ANY = 0;

    public static ThreadId parse(String s) {
        if (s.startsWith("p")) {
            int dot = s.indexOf('.');
            if (dot < 0) {
                return new ThreadId(part(s.substring(1)), ALL);
            }
            return new ThreadId(part(s.substring(1, dot)), part(s.substring(dot + 1)));
        }
        return new ThreadId(ANY, part(s));
    }

    private static long part(String s) {
        if (s.equals("-1")) {
            return ALL;
        }
        long v = Hex.parseUnsigned(s);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new MalformedPacketException("thread id out of range: " + s);
        }
        return v;
    }

    /** True if this names one thread rather than any or all. */
    public boolean specific() {
        return tid > 0;
    }

    /** The live task this names, if it names one. */
    public Optional<TaskId> resolve(List<TaskId> tasks) {
        if (!specific()) {
            return Optional.empty();
        }
        return tasks.stream().filter(t -> t.tid() == tid && (pid <= 0 || t.pid() == pid)).findFirst();
    }

    public static String format(TaskId task, boolean multiprocess) {
        String tid = Long.toHexString(task.tid());
        return multiprocess ? "p" + Long.toHexString(task.pid()) + "." + tid : tid;
    }
}
