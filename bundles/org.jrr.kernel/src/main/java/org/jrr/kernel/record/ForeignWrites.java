package org.jrr.kernel.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.trace.MemWrite;
import org.jrr.linux.TaskMemory;

/**
 * Memory a syscall changes in a process by other means than its out-parameters: a write to a process's memory file
 * ({@code /proc/PID/mem}), and process_vm_writev. The changed bytes are read back from the process after the call,
 * for replay, which emulates the call, to put in place: in the caller's own memory with the call's frame, in
 * another process's with a memory frame of its own.
 */
final class ForeignWrites {
    private static final Pattern MEM_FILE = Pattern.compile("/proc/(\\d+)(?:/task/\\d+)?/mem");
    private static final int MAX_BYTES = 64 << 20;

    /** What the call wrote into process {@code pid}. */
    record Written(int pid, List<MemWrite> writes) {
    }

    private ForeignWrites() {
    }

    /** Whether descriptor {@code fd} of task {@code tid} is a process's memory file. */
    static boolean memoryFile(int tid, long fd) {
        return target(tid, fd) > 0;
    }

    /** What a successful call of {@code tid}'s wrote into a process's memory, or null for any other call. */
    static Written of(int tid, String syscall, SyscallCall call) throws IOException {
        if (call.failed() || call.result() <= 0 || call.result() > MAX_BYTES) {
            return null;
        }
        long length = call.result();
        return switch (syscall) {
            case "write", "writev", "pwrite64", "pwritev", "pwritev2" -> {
                int pid = target(tid, call.arg(0));
                if (pid <= 0) {
                    yield null;
                }
                long offset = syscall.equals("pwrite64") || syscall.startsWith("pwritev") && call.arg(3) != -1
                        ? call.arg(3) : position(tid, call.arg(0)) - length; // the write moved the position
                yield new Written(pid, read(pid, List.of(new long[] {offset, length})));
            }
            case "process_vm_writev" -> {
                // (pid, local iov, local count, remote iov, remote count, flags): remote iovecs filled in order
                List<long[]> ranges = new ArrayList<>();
                try (TaskMemory own = new TaskMemory(tid)) {
                    long left = length;
                    for (int i = 0; i < call.arg(4) && left > 0; i++) {
                        ByteBuffer iov = ByteBuffer.wrap(own.read(call.arg(3) + 16L * i, 16))
                                .order(ByteOrder.LITTLE_ENDIAN);
                        long base = iov.getLong(0), n = Math.min(iov.getLong(8), left);
                        if (n > 0) {
                            ranges.add(new long[] {base, n});
                        }
                        left -= n;
                    }
                }
                yield new Written((int) call.arg(0), read((int) call.arg(0), ranges));
            }
            default -> null;
        };
    }

    /** The process whose memory file {@code fd} is, or -1. */
    private static int target(int tid, long fd) {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc", Integer.toString(tid), "fd", Long.toString(fd)))
                    .toString();
            Matcher m = MEM_FILE.matcher(link);
            return m.matches() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The file position of {@code fd}, from its fdinfo. */
    private static long position(int tid, long fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(tid), "fdinfo", Long.toString(fd)))) {
            if (line.startsWith("pos:")) {
                return Long.parseLong(line.substring(4).trim());
            }
        }
        throw new IOException("no position for descriptor " + fd + " of task " + tid);
    }

    private static List<MemWrite> read(int pid, List<long[]> ranges) throws IOException {
        List<MemWrite> out = new ArrayList<>();
        try (TaskMemory m = new TaskMemory(pid)) {
            for (long[] r : ranges) {
                out.add(new MemWrite(r[0], m.read(r[0], (int) r[1])));
            }
        }
        return out;
    }
}
