package org.jrr.kernel.record;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jrr.api.arch.Arch;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.syscallbuf.BufferedCall;
import org.jrr.api.trace.FileEvent;
import org.jrr.api.trace.FileId;
import org.jrr.api.trace.MemWrite;
import org.jrr.api.trace.MemoryEvent;
import org.jrr.api.trace.TraceWriter;
import org.jrr.kernel.exec.MapsEntry;
import org.jrr.kernel.task.RemoteSyscalls;
import org.jrr.kernel.task.Task;
import org.jrr.linux.Linux;

/**
 * Memory the recording shares through files, recording side: what replay needs to show every shared mapping as the
 * recording saw it (rr's EmuFs with its MmappedFileMonitor, and its MonitoredSharedMemory for outside writers).
 * <ul>
 * <li>A file is known from its first MAP_SHARED mapping by any task; the trace keeps its contents then.</li>
 * <li>Every write to a known file by a recorded task, through any descriptor, is followed by a {@code WRITE}
 * {@link FileEvent}: the bytes it changed. The syscall buffer of every process traces reads and writes of the
 * descriptors that refer to known files: jrr keeps a table of them on its page, at mmaps, execs and every syscall that
 * makes or closes descriptors (a process told while another maps a file gets a {@link MemoryEvent}).</li>
 * <li>A file mapped read-only, small enough, gets a shadow ({@link Shadow}): the tasks map jrr's copy, and changes
 * made from outside the recording are forwarded into it at recorded points ({@code FORWARD} events): after traced
 * syscalls, and on a timer while a task runs without syscalls, so a reader that spins sees them too.</li>
 * <li>Reads of a known file, and the exit of a process that maps one, are followed by {@code CHECK} events (a
 * digest), so a mapping that differs in replay stops it there, naming the file.</li>
 * <li>A file written both by recorded tasks and from outside is named by one warning; its events are marked and it
 * is checked at every stop.</li>
 * </ul>
 * Tracer thread only.
 */
final class SharedMemory implements AutoCloseable {
    /** The calls that write a file through a descriptor, by the argument that holds it. */
    private static final Map<String, Integer> WRITES = Map.of("write", 0, "pwrite64", 0, "writev", 0, "pwritev", 0,
            "pwritev2", 0, "ftruncate", 0, "fallocate", 0, "sendfile", 0, "copy_file_range", 2, "splice", 2);
    /** The calls that read a file through a descriptor, by the argument that holds it. */
    private static final Map<String, Integer> READS = Map.of("read", 0, "pread64", 0, "readv", 0, "preadv", 0,
            "preadv2", 0);
    private static final long O_RDONLY_CLOEXEC = 0x80000, MAP_FIXED = 0x10, MAP_FIXED_NOREPLACE = 0x100000;
    /** Forwarding may take 1/COST_SHARE of the recording's time at most (it is skipped at stops until then). */
    private static final int COST_SHARE = 100;
    /** The syscall buffer's table of traced descriptors: its size, and the bit jrr keeps for "any file mapped". */
    private static final int TRACED_ANY = 1024;
    private static final long CLOSE_RANGE_CLOEXEC = 4, F_DUPFD = 0, F_DUPFD_CLOEXEC = 1030;
    private static final int SOL_SOCKET = 1, SCM_RIGHTS = 1;
    private static final long O_TRUNC = 01000;
    /** How often at most, and for what share of the time at most, processes outside are looked for again. */
    private static final long LOOK_AGAIN_NS = 1_000_000_000L, LOOK_SHARE = 20;
    /**
     * Larger shared anonymous memory and SysV segments stay the kernel's in replay: a snapshot of the replay copies
     * every emulated file's contents.
     */
    private static final long OBJECT_LIMIT = 64L << 20;

    private final Linux linux;
    private final Arch arch;
    private final TraceWriter writer;
    private final PrintStream diagnostics;
    private final Buffering buffering;
    /** The thread group ids of the recording's processes. */
    private final Supplier<Set<Integer>> recorded;
    private final SharedFiles files = new SharedFiles();
    private final Set<String> warned = new HashSet<>();
    private final List<Told> told = new ArrayList<>();
    /** Some file was mapped shared: writes and reads are looked up. */
    private boolean active;
    private int shadowedMappings;
    private int forwarded;
    /** The first file a mapping of showed its shadow (for the summary). */
    private String firstShadowed;
    private long nextSync;
    /** When processes outside are looked for again (System.nanoTime). */
    private long nextLook;

    SharedMemory(Linux linux, Arch arch, TraceWriter writer, PrintStream diagnostics, Buffering buffering,
            Supplier<Set<Integer>> recorded) {
        this.linux = linux;
        this.arch = arch;
        this.writer = writer;
        this.diagnostics = diagnostics;
        this.buffering = buffering;
        this.recorded = recorded;
    }

    /** What the frame of a shared file mmap carries: the trace's copy of the file (at its first mapping), its id. */
    record Mapped(String file, FileId id) {
    }

    /** Some file is mapped shared in the recording. */
    boolean active() {
        return active;
    }

    /**
     * {@code t}'s address space maps a shadow: a task of it that runs without syscalls is stopped on a timer, so that
     * changes from outside reach it.
     */
    boolean forwarding(RecordTask t) {
        return shadowedMappings > 0 && t.addressSpace.sharedFiles.showsShadow();
    }

    /**
     * At the exit of {@code t}'s successful mmap: null unless it mapped a regular file MAP_SHARED. Otherwise the file
     * is known from here (the first time, its copy goes into the trace); a read-only mapping of a file small enough
     * is moved onto its shadow; the syscall buffer of the address space learns that writes to the descriptors that
     * refer to the file must be traced ({@code writes}); a mapping of a file known already is followed by a check.
     */
    Mapped mmapped(RecordTask t, SyscallCall call, List<MemWrite> writes, Collection<RecordTask> all)
            throws IOException {
        boolean shared = (call.arg(3) & (MapsEntry.MAP_SHARED | MapsEntry.MAP_ANONYMOUS)) == MapsEntry.MAP_SHARED;
        SharedFileMaps.FileKey key = shared ? SharedFileMaps.key(t.tid(), call.arg(4)) : null;
        if (key == null) {
            return null;
        }
        boolean writable = (call.arg(2) & MapsEntry.PROT_WRITE) != 0;
        String path = SharedFileMaps.path(t.tid(), call.arg(4));
        SharedFiles.Known k = files.get(key);
        if (k == null) {
            k = first(t, key, path, call.arg(4), writable);
            active = true;
            tellEveryone(t, key, writes, all);
        } else {
            t.following.add(files.check(k)); // replay's copy of it is up to date
        }
        // a file a task maps writable is mapped itself (its stores must reach it), and so is it read-only from then
        boolean shadow = k.shadow != null && !writable && !k.writableMapped;
        if (shadow) {
            mapShadow(t.task, t.entryRegs.ip() - 2, k.shadow, call);
            shadowedMappings++;
            if (firstShadowed == null) {
                firstShadowed = k.id.path();
            }
        }
        if (writable) {
            if (!k.writableMapped && k.shadow != null) {
                fileItself(t, k, key, call.arg(4)); // its stores show in this address space's other views at once
            }
            k.writableMapped = true;
            k.writtenInside = true;
            lookOutside(k, key);
            if (k.outsideSeen) {
                bothSides(k, t, call.result(), call.arg(1));
            }
        }
        t.addressSpace.sharedFiles.mapped(key, path, call.result(), call.arg(1), call.arg(5), writable, shadow);
        return new Mapped(k.snapshot, k.id);
    }

    /**
     * At the exit of {@code t}'s successful shmat, or of an mmap of shared anonymous memory: the memory is an object
     * of the kernel's (a file in its internal shm mount), which replay serves from one emulated copy like a file, so
     * that every process attaching or inheriting it shares it, and snapshots keep its contents. {@code snapshot}:
     * its contents go into the trace (a SysV segment's; anonymous memory starts as zeros, and replay's copy is made
     * at the mapping's size). Null where jrr cannot open the object (/proc/PID/map_files needs CAP_SYS_ADMIN) or it
     * is larger than a copy should be: then the caller records it as before.
     */
    Mapped sharedObject(RecordTask t, long start, String name, boolean writable, boolean snapshot)
            throws IOException {
        MapsEntry m = MapsEntry.read(t.tid()).stream().filter(e -> e.start() == start).findFirst().orElse(null);
        if (m == null || m.end() - m.start() > OBJECT_LIMIT) {
            return null;
        }
        Path object = Path.of("/proc", Integer.toString(t.tid()), "map_files",
                Long.toHexString(m.start()) + "-" + Long.toHexString(m.end()));
        SharedFileMaps.FileKey key;
        try {
            Map<String, Object> a = Files.readAttributes(object, "unix:dev,ino");
            key = new SharedFileMaps.FileKey((Long) a.get("dev"), (Long) a.get("ino"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        SharedFiles.Known k = files.get(key);
        if (k == null) {
            FileChannel channel;
            try {
                channel = FileChannel.open(object, StandardOpenOption.READ);
            } catch (IOException | RuntimeException e) {
                return null;
            }
            try {
                k = files.add(key, name, snapshot ? writer.addFileSnapshot(object) : null, channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            k.anonymous = !snapshot; // no process outside can have it
        } else {
            t.following.add(files.check(k));
        }
        active = true;
        if (writable) {
            k.writableMapped = true;
            k.writtenInside = true;
            lookOutside(k, key);
            if (k.outsideSeen) {
                bothSides(k, t, m.start(), m.end() - m.start());
            }
        }
        t.addressSpace.sharedFiles.mapped(key, name, m.start(), m.end() - m.start(), 0, writable, false);
        return new Mapped(k.snapshot, k.id);
    }

    /** The first shared mapping of a file: its copy in the trace, and its shadow if it gets one. */
    private SharedFiles.Known first(RecordTask t, SharedFileMaps.FileKey key, String path, long fd, boolean writable)
            throws IOException {
        Path byFd = Path.of("/proc", Integer.toString(t.tid()), "fd", Long.toString((int) fd));
        FileChannel channel = FileChannel.open(byFd, StandardOpenOption.READ);
        try {
            Shadow shadow = !writable && channel.size() <= Shadow.LIMIT ? new Shadow(linux, channel) : null;
            String snapshot;
            if (shadow != null) {
                snapshot = writer.addFileSnapshot(shadow.path()); // what the tasks see from here
            } else {
                Path named = Path.of(path);
                snapshot = writer.addFileSnapshot(named.isAbsolute() && Files.isRegularFile(named)
                        && Files.isSameFile(named, byFd) ? named : byFd);
            }
            SharedFiles.Known k = files.add(key, path, snapshot, channel);
            k.shadow = shadow;
            return k;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Maps {@code shadow} where the task's mmap {@code call} just mapped the file, with the same protection. */
    private void mapShadow(Task task, long syscallInsn, Shadow shadow, SyscallCall call) throws IOException {
        byte[] name = (shadow.path() + "\0").getBytes(StandardCharsets.UTF_8);
        // below the stack's red zone: memory the program does not use while it is stopped here
        long at = (task.regs().sp() - 1024 - name.length) & ~15L;
        byte[] saved = task.memory().read(at, name.length);
        task.memory().write(at, name);
        try (RemoteSyscalls remote = RemoteSyscalls.at(task, syscallInsn)) {
            long fd = remote.check("open of jrr's shadow copy", number("open"), at, O_RDONLY_CLOEXEC);
            long r = remote.call(number("mmap"), call.result(), call.arg(1), call.arg(2),
                    (call.arg(3) & ~MAP_FIXED_NOREPLACE) | MAP_FIXED, fd, call.arg(5));
            remote.call(number("close"), fd);
            if (r != call.result()) {
                throw new IOException("cannot map jrr's copy of a shared file in task " + task.tid() + " at 0x"
                        + Long.toHexString(call.result()) + ": " + (r < 0 ? linux.strerror((int) -r) : "moved"));
            }
        } finally {
            task.memory().write(at, saved);
        }
    }

    /**
     * {@code key} is known from now on: the syscall buffer of every process traces the reads and writes of its
     * descriptors that refer to the file (found in /proc), and of those beyond its table. The writes that say so are
     * made now; {@code t}'s go to {@code writes} (its mmap's frame), the others' become {@link MemoryEvent}s of a
     * task of theirs, which follow {@code t}'s frame ({@link #told}): none of them runs before.
     */
    private void tellEveryone(RecordTask t, SharedFileMaps.FileKey key, List<MemWrite> writes,
            Collection<RecordTask> all) throws IOException {
        if (buffering == null) {
            return;
        }
        // a live task of each address space's own process, whose descriptors the table describes (a leader that
        // ended before its threads has none left in /proc)
        Map<RecordTask.AddressSpace, RecordTask> spaces = new java.util.LinkedHashMap<>();
        for (RecordTask o : all) {
            if (o.started && !o.exitRecorded && o.tgid == o.addressSpace.owner) {
                spaces.putIfAbsent(o.addressSpace, o);
            }
        }
        for (var e : spaces.entrySet()) {
            List<MemWrite> w = e.getKey() == t.addressSpace ? writes : new ArrayList<>();
            try {
                descriptorsOf(e.getValue(), e.getKey(), key, w);
            } catch (IOException | RuntimeException gone) {
                continue; // ended meanwhile: nothing of it runs again
            }
            if (e.getKey() != t.addressSpace && !w.isEmpty()) {
                told.add(new Told(e.getValue(), new MemoryEvent(w)));
            }
        }
    }

    /**
     * The syscall buffer of {@code as} traces I/O on the descriptors of {@code key}; {@code t} is a task of the process
     * whose address space it is.
     */
    private void descriptorsOf(RecordTask t, RecordTask.AddressSpace as, SharedFileMaps.FileKey key,
            List<MemWrite> writes) throws IOException {
        if (!as.tracedFds.get(TRACED_ANY) && buffering.filesMappedShared(t) instanceof MemWrite w) {
            writes.add(w);
            as.tracedFds.set(TRACED_ANY);
        }
        try (java.nio.file.DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc",
                Integer.toString(t.tid()), "fd"))) {
            for (Path fd : fds) {
                int n = Integer.parseInt(fd.getFileName().toString());
                if (!as.tracedFds.get(n) && key.equals(SharedFileMaps.key(t.tid(), n))) {
                    traced(t, n, true, writes);
                }
            }
        }
    }

    /**
     * After the exec of {@code t}: its new syscall buffer page knows nothing, and descriptors it kept may refer to
     * known files; the writes that tell it, for a {@link MemoryEvent} after the exec's frame, or empty.
     */
    List<MemWrite> execed(RecordTask t) throws IOException {
        List<MemWrite> writes = new ArrayList<>();
        if (active && buffering != null) {
            for (SharedFiles.Known k : files.all()) {
                descriptorsOf(t, t.addressSpace, new SharedFileMaps.FileKey(k.id.dev(), k.id.ino()), writes);
            }
        }
        return writes;
    }

    /** A task told about a file known since its last frame, and what it was told. */
    record Told(RecordTask task, MemoryEvent event) {
    }

    /** The tasks told since the last call, which empties the list: their frames follow the current one. */
    List<Told> told() {
        List<Told> out = List.copyOf(told);
        told.clear();
        return out;
    }

    /** Whether {@code t}'s syscall buffer keeps a table of its descriptors (not a vfork child's: its parent's). */
    private boolean tableKept(RecordTask t) {
        return buffering != null && t.tgid == t.addressSpace.owner;
    }

    /** Sets what the syscall buffer of {@code t}'s address space knows of descriptor {@code fd}. */
    private void traced(RecordTask t, int fd, boolean traced, List<MemWrite> writes) throws IOException {
        if (!tableKept(t) || fd < 0 || fd >= TRACED_ANY || t.addressSpace.tracedFds.get(fd) == traced) {
            return;
        }
        if (buffering.tracedFd(t, fd, traced) instanceof MemWrite w) {
            writes.add(w);
            t.addressSpace.tracedFds.set(fd, traced);
        }
    }

    /** Whether the open-like syscall {@code name} truncated the file it opened (O_TRUNC, creat). */
    private static boolean truncates(RecordTask t, String name, SyscallCall call) {
        long flags = switch (name) {
            case "open" -> call.arg(1);
            case "openat" -> call.arg(2);
            case "creat" -> O_TRUNC;
            case "openat2" -> {
                try { // struct open_how: flags first
                    yield java.nio.ByteBuffer.wrap(t.task.memory().read(call.arg(2), 8))
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
                } catch (IOException | RuntimeException e) {
                    yield O_TRUNC; // not told: a size event does no harm
                }
            }
            default -> 0;
        };
        return (flags & O_TRUNC) != 0;
    }

    /** After truncate(path): the known file it truncated, or null. */
    private SharedFiles.Known truncated(RecordTask t, SyscallCall call) {
        try {
            Path path = Path.of(t.task.memory().readString(call.arg(0), 4096));
            if (!path.isAbsolute()) {
                path = Path.of("/proc", Integer.toString(t.tid()), "cwd").resolve(path);
            }
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
            return files.get(new SharedFileMaps.FileKey((Long) a.get("dev"), (Long) a.get("ino")));
        } catch (IOException | RuntimeException e) {
            return null; // gone again meanwhile
        }
    }

    /** The descriptors a recvmsg received (SCM_RIGHTS in its control data), read from {@code t}'s memory. */
    private static List<Integer> received(RecordTask t, SyscallCall call) {
        List<Integer> fds = new ArrayList<>();
        try {
            java.nio.ByteBuffer msg = java.nio.ByteBuffer.wrap(t.task.memory().read(call.arg(1), 48))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            long control = msg.getLong(32), length = msg.getLong(40);
            if (control == 0 || length < 16 || length > 1 << 16) {
                return fds;
            }
            java.nio.ByteBuffer c = java.nio.ByteBuffer.wrap(t.task.memory().read(control, (int) length))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int at = 0; at + 16 <= length; ) {
                long len = c.getLong(at);
                if (len < 16 || at + len > length) {
                    break;
                }
                if (c.getInt(at + 8) == SOL_SOCKET && c.getInt(at + 12) == SCM_RIGHTS) {
                    for (int i = at + 16; i + 4 <= at + len; i += 4) {
                        fds.add(c.getInt(i));
                    }
                }
                at += (int) ((len + 7) & ~7L);
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: none known
        }
        return fds;
    }

    /**
     * At the exit of a syscall that made or closed descriptors: the syscall buffer's table follows, for the files
     * this address space maps shared (one stat per new descriptor: what coherent mappings cost opens).
     */
    private void descriptors(RecordTask t, String name, SyscallCall call, List<MemWrite> writes) throws IOException {
        if (!name.equals("recvmsg") && !name.startsWith("open") && !name.startsWith("close") && !name.startsWith("dup")
                && !name.equals("creat") && !name.equals("fcntl") && !name.equals("pidfd_getfd")) {
            return;
        }
        switch (name) {
            case "close" -> traced(t, (int) call.arg(0), false, writes);
            case "close_range" -> {
                if ((call.arg(2) & CLOSE_RANGE_CLOEXEC) == 0) {
                    for (int fd = (int) call.arg(0); fd >= 0 && fd <= Math.min(call.arg(1), TRACED_ANY); fd++) {
                        traced(t, fd, false, writes);
                    }
                }
            }
            case "open", "openat", "openat2", "creat", "open_by_handle_at", "dup", "dup2", "dup3", "fcntl",
                    "pidfd_getfd" -> {
                if (name.equals("fcntl") && call.arg(1) != F_DUPFD && call.arg(1) != F_DUPFD_CLOEXEC) {
                    return;
                }
                int fd = (int) call.result();
                boolean truncates = truncates(t, name, call);
                if (!tableKept(t) && !truncates) {
                    return; // one stat less
                }
                SharedFiles.Known k = files.get(SharedFileMaps.key(t.tid(), fd));
                traced(t, fd, k != null, writes);
                if (k != null && truncates) {
                    t.following.add(files.range(k, 0, 0)); // O_TRUNC: only the size changed
                }
            }
            case "recvmsg" -> {
                for (int fd : tableKept(t) ? received(t, call) : List.<Integer>of()) {
                    traced(t, fd, files.get(SharedFileMaps.key(t.tid(), fd)) != null, writes);
                }
            }
            default -> { }
        }
    }

    /**
     * A shadowed file is mapped writable by {@code t}: its address space's views of the shadow become views of the file
     * (through {@code fd}, the descriptor of t's mmap), so a store through one shows in the others at once, as it
     * does in replay; the shadow is brought up to the file first. Other processes see stores through the new mapping
     * at their stops (the shadow is compared at every stop from now on).
     */
    private void fileItself(RecordTask t, SharedFiles.Known k, SharedFileMaps.FileKey key, long fd)
            throws IOException {
        t.following.addAll(sync(k, t)); // what the views show from here on, also in replay
        for (SharedFileMaps.Mapping m : t.addressSpace.sharedFiles.shadows(key)) {
            try (RemoteSyscalls remote = RemoteSyscalls.at(t.task, t.entryRegs.ip() - 2)) {
                long r = remote.call(number("mmap"), m.start(), m.length(), protOf(t, m.start()),
                        MapsEntry.MAP_SHARED | MAP_FIXED, fd, m.offset());
                if (r != m.start()) {
                    throw new IOException("cannot map " + m.path() + " again in task " + t.tid() + " at 0x"
                            + Long.toHexString(m.start()) + ": " + (r < 0 ? linux.strerror((int) -r) : "moved"));
                }
            }
            t.addressSpace.sharedFiles.unshadowed(m);
            shadowedMappings--;
        }
    }

    /** The protection of the mapping at {@code start} of {@code t}, from /proc (it may have been changed since). */
    private static long protOf(RecordTask t, long start) throws IOException {
        return MapsEntry.read(t.tid()).stream().filter(e -> e.start() == start).findFirst()
                .map(MapsEntry::prot).orElse(MapsEntry.PROT_READ);
    }

    private int number(String name) {
        return arch.syscallNumber(name).orElseThrow(() -> new IllegalStateException("no syscall " + name));
    }

    /**
     * After {@code t}'s syscall {@code name} succeeded (not an mmap): a write to a known file is followed by what
     * it changed, a read by a check; munmap forgets mappings; the syscall buffer learns of new descriptors to files
     * mapped shared ({@code writes}).
     */
    void afterSyscall(RecordTask t, String name, SyscallCall call, List<MemWrite> writes) throws IOException {
        if (!active || call.failed()) {
            return;
        }
        descriptors(t, name, call, writes);
        if (name.equals("truncate") && truncated(t, call) instanceof SharedFiles.Known k) {
            t.following.add(files.range(k, 0, 0)); // only the size changed
            insideWrite(k, t);
            return;
        }
        if (name.equals("munmap")) {
            t.addressSpace.sharedFiles.unmapped(call.arg(0), call.arg(1));
            return;
        }
        Integer w = WRITES.get(name), r = READS.get(name);
        if (w == null && r == null) {
            return;
        }
        SharedFiles.Known k = files.get(SharedFileMaps.key(t.tid(), call.arg(w != null ? w : r)));
        if (k == null) {
            return;
        }
        if (w != null) {
            t.following.add(files.written(k, t, name, call));
            insideWrite(k, t);
        } else {
            t.following.add(files.check(k));
        }
    }

    /**
     * Whether {@code t}'s flushes are to be looked through ({@link #afterFlush}): the syscall buffer's table of traced
     * descriptors describes the descriptors of its address space's owner, which a vfork child shares the page of but
     * not the descriptors.
     */
    boolean looksAtFlushes(RecordTask t) {
        return active && t.tgid != t.addressSpace.owner;
    }

    /**
     * After a flush of buffered calls of a task whose descriptors the table does not describe: the known files they
     * wrote and read (the process's own code does not run before its next frame, after which these events come).
     */
    void afterFlush(RecordTask t, List<BufferedCall> calls) throws IOException {
        Map<SharedFiles.Known, long[]> written = new HashMap<>();
        Set<SharedFiles.Known> read = new HashSet<>();
        Map<Long, SharedFileMaps.FileKey> keys = new HashMap<>(); // the descriptors stay as they were meanwhile
        for (BufferedCall c : calls) {
            String name = arch.syscallName(c.number());
            Integer w = WRITES.get(name), r = READS.get(name);
            if (c.result() < 0 || (w == null && r == null)) {
                continue;
            }
            long fd = c.args()[w != null ? w : r];
            if (!keys.containsKey(fd)) {
                keys.put(fd, SharedFileMaps.key(t.tid(), fd)); // null for a pipe or socket: asked once too
            }
            SharedFiles.Known k = files.get(keys.get(fd));
            if (k == null) {
                continue;
            }
            if (w != null) {
                boolean at = name.equals("pwrite64");
                long from = at ? c.args()[3] : 0, to = at ? from + c.result() : Long.MAX_VALUE;
                written.merge(k, new long[] {from, to}, (a, b) -> new long[] {Math.min(a[0], b[0]),
                        Math.max(a[1], b[1])});
            } else {
                read.add(k);
            }
        }
        for (var e : written.entrySet()) {
            t.following.add(files.range(e.getKey(), e.getValue()[0], e.getValue()[1]));
            insideWrite(e.getKey(), t);
        }
        for (SharedFiles.Known k : read) {
            if (!written.containsKey(k)) {
                t.following.add(files.check(k));
            }
        }
    }

    /**
     * At the exit of the last task of {@code t}'s address space: checks of the files it maps that anything may have
     * changed (the others' copies in replay take nothing but the trace's copy).
     */
    void exiting(RecordTask t) throws IOException {
        for (SharedFileMaps.FileKey key : t.addressSpace.sharedFiles.files()) {
            SharedFiles.Known k = files.get(key);
            if (k != null && (k.writableMapped || k.writtenInside || k.outsideSeen)) {
                t.following.add(files.check(k));
            }
        }
    }

    /**
     * At a stop of {@code t}, after its frame: the changes made from outside to shadowed files since the last time,
     * made in the shadows, as FORWARD events, and checks of files written on both sides. Skipped (empty) where
     * forwarding has taken its share of the time lately, unless {@code now} (a task spins, and waits for nothing
     * else); a shadow of a file a task maps writable is compared at every stop.
     */
    List<FileEvent> forward(RecordTask t, boolean now) throws IOException {
        if (!active) {
            return List.of();
        }
        long start = System.nanoTime();
        boolean due = now || start >= nextSync;
        List<FileEvent> out = new ArrayList<>();
        for (SharedFiles.Known k : files.all()) {
            // a shadow of a file a task maps writable takes that task's stores at every stop: its readers may run next
            if (k.shadow != null && (due || k.writableMapped)) {
                out.addAll(sync(k, t));
            }
            if (k.outside && due) {
                out.add(files.check(k));
            }
        }
        if (due && start >= nextLook) {
            lookAgain(t); // a writer outside that came since
        }
        long end = System.nanoTime();
        nextSync = end + COST_SHARE * (end - start);
        return out;
    }

    /** Makes the file's changes in its shadow; the FORWARD events that say so (none where nothing changed). */
    private List<FileEvent> sync(SharedFiles.Known k, RecordTask t) throws IOException {
        Shadow.Sync s = k.shadow.sync(k.channel);
        if (s.empty()) {
            return List.of();
        }
        if (!k.writableMapped) { // a recorded task's stores to the file itself are not told apart
            forwarded++;
            k.outsideSeen = true;
            if (k.writtenInside) {
                bothSides(k, t, 0, 0);
            }
        }
        List<FileEvent> out = new ArrayList<>();
        for (int i = 0; i < s.changes().size(); i++) {
            Shadow.Change c = s.changes().get(i);
            boolean last = i == s.changes().size() - 1;
            out.add(k.marked(new FileEvent(k.id, FileEvent.Origin.FORWARD, c.offset(), c.data(), last ? s.size() : -1,
                    last ? k.digest() : -1, false)));
        }
        if (s.changes().isEmpty()) {
            out.add(k.marked(new FileEvent(k.id, FileEvent.Origin.FORWARD, 0, new byte[0], s.size(), k.digest(),
                    false)));
        }
        return out;
    }

    /** A recorded task wrote {@code k} through a descriptor. */
    private void insideWrite(SharedFiles.Known k, RecordTask t) {
        k.writtenInside = true;
        lookOutside(k, null);
        if (k.outsideSeen) {
            bothSides(k, t, 0, 0);
        }
    }

    /**
     * Does a process outside the recording hold the file writable (then it may write it, unseen)? Looked up at the
     * file's first recorded write or writable mapping; {@link #lookAgain} looks for all files mapped writable.
     */
    private void lookOutside(SharedFiles.Known k, SharedFileMaps.FileKey key) {
        if (k.looked || k.outsideSeen || k.anonymous) {
            return;
        }
        k.looked = true;
        int pid = Outsiders.holding(key != null ? key : new SharedFileMaps.FileKey(k.id.dev(), k.id.ino()),
                recorded.get());
        if (pid != 0) {
            k.outsideSeen = true;
            k.outsider = pid;
        }
    }

    /**
     * Every second at most, and at most 1/LOOK_SHARE of the time, one look through /proc for processes outside the
     * recording that hold a file the recording maps writable: a writer may come later.
     */
    private void lookAgain(RecordTask t) {
        long now = System.nanoTime();
        Map<SharedFileMaps.FileKey, SharedFiles.Known> writable = new HashMap<>();
        for (SharedFiles.Known k : files.all()) {
            if (k.writableMapped && !k.outsideSeen && !k.anonymous) {
                writable.put(new SharedFileMaps.FileKey(k.id.dev(), k.id.ino()), k);
            }
        }
        if (!writable.isEmpty()) {
            Outsiders.holding(writable.keySet(), recorded.get()).forEach((key, pid) -> {
                SharedFiles.Known k = writable.get(key);
                k.outsideSeen = true;
                k.outsider = pid;
                bothSides(k, t, 0, 0);
            });
        }
        long took = System.nanoTime() - now;
        nextLook = now + Math.max(LOOK_AGAIN_NS, LOOK_SHARE * took);
    }

    /**
     * The file is written by recorded tasks and from outside: one warning, and its events are marked from here. A
     * task's mapping of it is named: the one made at {@code start} (length {@code length}), else any of {@code t}'s.
     */
    private void bothSides(SharedFiles.Known k, RecordTask t, long start, long length) {
        if (k.outside) {
            return;
        }
        k.outside = true;
        SharedFileMaps.Mapping m = t == null ? null : t.addressSpace.sharedFiles.mappingOf(
                new SharedFileMaps.FileKey(k.id.dev(), k.id.ino()));
        if (start == 0 && m != null) {
            start = m.start();
            length = m.length();
        }
        String mapping = start != 0 ? " (mapped shared at 0x" + Long.toHexString(start) + "-0x"
                + Long.toHexString(start + length) + " by process " + t.tgid + ")" : " (mapped shared)";
        String who = k.outsider != 0 ? "process " + k.outsider + ", which is not recorded" : "a process outside the"
                + " recording";
        String effect = k.shadow != null && !k.writableMapped
                ? "the recorded program saw that process's changes only where jrr forwarded them into its copy (at"
                        + " its syscalls, or after 10 ms without one), not at once, and replay shows them there too"
                : "replay cannot reproduce what each saw of the other's writes, and stops where the mapping's"
                        + " contents differ from the recording's";
        if (warned.add(k.id.path())) {
            diagnostics.println("jrr: warning: " + k.id.path() + mapping + " is written both by the recorded program"
                    + " and by " + who + "; " + effect + ". Record the other program too, under one parent (jrr"
                    + " record sh -c 'writer & reader')");
        }
    }

    /**
     * How many mappings got a shadow, and how many times outside changes were forwarded into shadows; null where
     * none were.
     */
    String summary() {
        if (forwarded == 0) {
            return null; // nothing came from outside: the copies changed nothing (glibc maps its gconv cache so)
        }
        return shadowedMappings + " read-only shared mapping(s) of files (" + firstShadowed + (shadowedMappings > 1
                ? ", ..." : "") + ") showed jrr's copy of the file, into which changes made from outside were"
                + " forwarded " + forwarded + " time(s) at recorded points";
    }

    @Override
    public void close() {
        files.close();
    }
}
