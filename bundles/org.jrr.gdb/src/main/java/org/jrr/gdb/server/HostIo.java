package org.jrr.gdb.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrr.api.debug.ReplayControl;
import org.jrr.api.debug.TaskId;
import org.jrr.gdb.packet.Hex;
import org.jrr.gdb.packet.MalformedPacketException;

/**
 * gdb's host I/O ({@code vFile:open/pread/fstat/close/readlink/setfs}), read-only. The debugged process's
 * {@code /proc} files come from the replay: gdb reads {@code /proc/PID/task/TID/maps} at connect to find the vDSO,
 * and the recorded pids are not this machine's. Otherwise only the recording's own files are served: those the
 * replay maps (the trace's copies, which its maps name; gdb asks for a library by its recorded path, which names the
 * copy of the same name) and the recorded executable. gdb with the default sysroot ({@code target:}) loads shared
 * libraries this way; whoever connects to the server reads nothing else of this machine's (not /etc/shadow, not other
 * processes' /proc files).
 */
final class HostIo {
    /** gdb's File-I/O errno values (not Linux's, though the small ones agree). */
    static final int ENOENT = 2, EBADF = 9, EACCES = 13, EISDIR = 21, EINVAL = 22, EMFILE = 24;
    /** gdb's File-I/O open flags that would change a file. */
    private static final int WRITE_FLAGS = 0x1 | 0x2 | 0x8 | 0x200 | 0x400 | 0x800;
    static final int MAX_OPEN = 64;
    /** gdb's {@code struct fio_stat}: 7 32-bit fields, 3 64-bit, 3 32-bit, big-endian. */
    static final int STAT_SIZE = 64;
    private static final int S_IFREG = 0100000;
    private static final Pattern PROC = Pattern.compile("/proc/(\\d{1,9})(?:/task/(\\d{1,9}))?/([^/]+)");

    private final ReplayControl control;
    private final Map<Integer, Source> open = new HashMap<>();

    HostIo(ReplayControl control) {
        this.control = control;
    }

    /** What an fd reads: a file of this machine, or bytes the replay gave. */
    private sealed interface Source {
        long size() throws IOException;

        int read(ByteBuffer into, long offset) throws IOException;

        void close();
    }

    private record Local(FileChannel channel) implements Source {
        public long size() throws IOException {
            return channel.size();
        }

        public int read(ByteBuffer into, long offset) throws IOException {
            return Math.max(0, channel.read(into, offset));
        }

        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // read-only: nothing is lost
            }
        }
    }

    private record Contents(byte[] data) implements Source {
        public long size() {
            return data.length;
        }

        public int read(ByteBuffer into, long offset) {
            if (offset >= data.length) {
                return 0;
            }
            int n = (int) Math.min(into.remaining(), data.length - offset);
            into.put(data, (int) offset, n);
            return n;
        }

        public void close() {
        }
    }

    /** {@code args}: what follows {@code vFile:}. The reply, or empty for operations not offered. */
    String handle(String args) {
        int colon = args.indexOf(':');
        String op = colon < 0 ? args : args.substring(0, colon);
        String[] f = colon < 0 ? new String[0] : args.substring(colon + 1).split(",", -1);
        return switch (op) {
            case "setfs" -> "F0"; // one filesystem: the recording ran on this machine
            case "open" -> open(f);
            case "pread" -> pread(f);
            case "fstat" -> fstat(f);
            case "close" -> close(f);
            case "readlink" -> readlink(f);
            default -> Replies.EMPTY; // pwrite, unlink: the replay's files are not to be changed
        };
    }

    /** Closes what gdb left open. */
    void closeAll() {
        open.values().forEach(Source::close);
        open.clear();
    }

    private String open(String[] f) {
        expect(f, 3, "vFile:open:<hex name>,<flags>,<mode>");
        String name = Hex.decodeText(f[0]);
        if ((Hex.parseInt(f[1]) & WRITE_FLAGS) != 0) {
            return error(EACCES);
        }
        if (open.size() >= MAX_OPEN) {
            return error(EMFILE);
        }
        Source source;
        try {
            Optional<TaskId> ours = debugged(name);
            if (ours.isPresent()) {
                source = procFile(ours.get(), name);
                if (source == null) {
                    return error(ENOENT);
                }
            } else {
                Path path = Path.of(name);
                if (!path.isAbsolute()) {
                    return error(ENOENT);
                }
                Path served = recordings(path);
                if (served == null) {
                    return error(EACCES);
                }
                if (Files.isDirectory(served)) {
                    return error(EISDIR);
                }
                source = new Local(FileChannel.open(served, StandardOpenOption.READ));
            }
        } catch (IOException | RuntimeException e) {
            return error(errno(e));
        }
        int fd = 1;
        while (open.containsKey(fd)) {
            fd++;
        }
        open.put(fd, source);
        return "F" + Integer.toHexString(fd);
    }

    private String pread(String[] f) {
        expect(f, 3, "vFile:pread:<fd>,<count>,<offset>");
        Source s = open.get(Hex.parseInt(f[0]));
        if (s == null) {
            return error(EBADF);
        }
        ByteBuffer buf = ByteBuffer.allocate(Hex.parseLength(f[1], Replies.MAX_DATA));
        try {
            int n = s.read(buf, Hex.parseUnsigned(f[2]));
            return "F" + Integer.toHexString(n) + ";" + new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return error(errno(e));
        }
    }

    private String fstat(String[] f) {
        expect(f, 1, "vFile:fstat:<fd>");
        Source s = open.get(Hex.parseInt(f[0]));
        if (s == null) {
            return error(EBADF);
        }
        try {
            long size = s.size();
            ByteBuffer st = ByteBuffer.allocate(STAT_SIZE); // big-endian, as the protocol has it
            st.putInt(0).putInt(0).putInt(S_IFREG | 0444).putInt(1).putInt(0).putInt(0).putInt(0);
            st.putLong(size).putLong(4096).putLong((size + 511) / 512);
            st.putInt(0).putInt(0).putInt(0);
            return "F" + Integer.toHexString(STAT_SIZE) + ";"
                    + new String(st.array(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return error(errno(e));
        }
    }

    private String close(String[] f) {
        expect(f, 1, "vFile:close:<fd>");
        Source s = open.remove(Hex.parseInt(f[0]));
        if (s == null) {
            return error(EBADF);
        }
        s.close();
        return "F0";
    }

    private String readlink(String[] f) {
        expect(f, 1, "vFile:readlink:<hex name>");
        String name = Hex.decodeText(f[0]);
        String target;
        try {
            Optional<TaskId> ours = debugged(name);
            if (ours.isPresent()) {
                if (!name.endsWith("/exe")) {
                    return error(ENOENT); // cwd, fd/…: not recorded
                }
                target = control.executable(ours.get());
            } else {
                return error(Path.of(name).isAbsolute() && recordings(Path.of(name)) != null ? EINVAL : EACCES);
            }
        } catch (RuntimeException e) {
            return error(errno(e));
        }
        byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
        return "F" + Integer.toHexString(bytes.length) + ";" + new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * The recording's own file {@code path} names, or null: the executable, a file a replayed task maps (a copy in the
     * trace, {@code <name>-<n>}), or the copy a recorded path names by its file name.
     */
    private Path recordings(Path path) {
        String p = path.normalize().toString();
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        Path byName = null;
        for (TaskId task : control.tasks()) {
            if (p.equals(control.executable(task))) {
                return path;
            }
            for (String line : control.memoryMap(task).split("\n")) {
                // start-end perms offset dev inode path
                String[] f = line.trim().split("\\s+", 6);
                if (f.length < 6 || !f[5].startsWith("/")) {
                    continue;
                }
                if (f[5].equals(p)) {
                    return path;
                }
                String copy = Path.of(f[5]).getFileName().toString();
                if (byName == null && copy.matches(java.util.regex.Pattern.quote(name) + "-\\d+")) {
                    byName = Path.of(f[5]);
                }
            }
        }
        return byName;
    }

    /** The task a {@code /proc/PID[/task/TID]/…} path of the debugged process names. */
    private Optional<TaskId> debugged(String name) {
        Matcher m = PROC.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        int pid = Integer.parseInt(m.group(1));
        int tid = m.group(2) != null ? Integer.parseInt(m.group(2)) : pid;
        var tasks = control.tasks();
        if (tasks.stream().noneMatch(t -> t.pid() == pid || t.tid() == pid)) {
            return Optional.empty(); // not the recorded process: a file of this machine
        }
        return tasks.stream().filter(t -> t.tid() == tid).findFirst()
                .or(() -> tasks.stream().filter(t -> t.pid() == pid).findFirst());
    }

    /** The replay's version of a {@code /proc} file of the debugged process, or null if it has none. */
    private Source procFile(TaskId task, String name) throws IOException {
        String file = name.substring(name.lastIndexOf('/') + 1);
        return switch (file) {
            case "maps" -> {
                String map = control.memoryMap(task);
                yield map.isEmpty() ? null : new Contents(map.getBytes(StandardCharsets.UTF_8));
            }
            case "exe" -> new Local(FileChannel.open(Path.of(control.executable(task)), StandardOpenOption.READ));
            default -> null;
        };
    }

    private static void expect(String[] f, int fields, String form) {
        if (f.length != fields) {
            throw new MalformedPacketException("expected " + form);
        }
    }

    private static int errno(Exception e) {
        return switch (e) {
            case NoSuchFileException x -> ENOENT;
            case AccessDeniedException x -> EACCES;
            case NotLinkException x -> EINVAL;
            case java.nio.file.InvalidPathException x -> ENOENT;
            default -> EINVAL;
        };
    }

    private static String error(int errno) {
        return "F-1," + Integer.toHexString(errno);
    }
}
