package org.jrr.gdb.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jrr.api.debug.ReplayControl;
import org.jrr.api.debug.TaskId;
import org.jrr.gdb.packet.Hex;
import org.jrr.gdb.packet.MalformedPacketException;
import org.jrr.gdb.target.TargetDescription;

/** {@code qXfer:<object>:read:<annex>:<offset>,<length>}: objects read in slices. */
final class Xfer {
    static final String TARGET_XML = "target.xml";

    private final ReplayControl control;
    private final byte[] targetXml;

    Xfer(ReplayControl control, TargetDescription target) {
        this.control = control;
        this.targetXml = target.xml().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code args}: what follows {@code qXfer:}. {@code task}: the thread gdb selected. */
    String handle(String args, TaskId task, ClientFeatures client) {
        String[] f = args.split(":", -1);
        if (f.length >= 2 && !f[1].equals("read")) {
            return Replies.EMPTY; // writing (siginfo) would change the replay
        }
        if (f.length != 4) {
            throw new MalformedPacketException("expected qXfer:<object>:read:<annex>:<offset>,<length>");
        }
        String[] range = f[3].split(",", -1);
        if (range.length != 2) {
            throw new MalformedPacketException("expected <offset>,<length>");
        }
        long offset = Hex.parseUnsigned(range[0]);
        int length = Hex.parseLength(range[1], Replies.MAX_DATA);
        if (offset < 0) {
            throw new MalformedPacketException("offset out of range");
        }
        if (!known(f[0])) {
            return Replies.EMPTY;
        }
        byte[] data = switch (f[0]) {
            case "features" -> f[2].equals(TARGET_XML) ? targetXml : null;
            case "auxv" -> control.auxv(task);
            case "exec-file" -> execFile(f[2], task);
            case "siginfo" -> siginfo(task);
            case "threads" -> threads(client);
            default -> null;
        };
        if (data == null) {
            return Replies.ERROR;
        }
        return Replies.xferSlice(data, offset, length);
    }

    private static boolean known(String object) {
        return switch (object) {
            case "features", "auxv", "exec-file", "siginfo", "threads" -> true;
            default -> false;
        };
    }

    private byte[] execFile(String annex, TaskId task) {
        TaskId of = task;
        if (!annex.isEmpty()) {
            long pid = Hex.parseUnsigned(annex);
            of = control.tasks().stream().filter(t -> t.pid() == pid).findFirst()
                    .orElse(task.pid() == pid ? task : null);
        }
        return of == null ? null : control.executable(of).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The siginfo of the task's last signal; zeros when it stopped for none, as gdb saves and restores the siginfo
     * around a call and must be able to read one to write it back (which ends the call's diversion).
     */
    private byte[] siginfo(TaskId task) {
        byte[] info = control.siginfo(task);
        return info.length == 0 ? new byte[128] : info;
    }

    private byte[] threads(ClientFeatures client) {
        List<TaskId> tasks = control.tasks();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<threads>\n");
        for (TaskId t : tasks) {
            sb.append("  <thread id=\"").append(ThreadId.format(t, client.multiprocess())).append("\"/>\n");
        }
        return sb.append("</threads>\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
