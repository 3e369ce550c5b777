package org.jrr.kernel.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jrr.api.JrrException;
import org.jrr.api.trace.ExecEvent;
import org.jrr.api.trace.Mapping;
import org.jrr.api.trace.MemWrite;
import org.jrr.api.trace.TraceReader;
import org.jrr.kernel.exec.MapsEntry;
import org.jrr.kernel.task.RemoteSyscalls;
import org.jrr.kernel.task.ReservedPages;
import org.jrr.kernel.task.Task;

/**
 * Turns the exec stub's address space into the one the recording had right after its exec: everything but the
 * stub's page is unmapped, every recorded mapping is recreated at its address (files from the trace), and the
 * recorded contents are written back.
 */
final class AddressSpaceBuilder {
    /** The stub's pages and jrr's scratch page: kept through replay, so recordings must not use them. */
    static final long RESERVED_START = ReservedPages.START, RESERVED_END = ReservedPages.END;
    static final long SCRATCH = 0x70008000L;
    static final int SYS_OPEN = 2, SYS_CLOSE = 3, SYS_MMAP = 9, SYS_MUNMAP = 11, SYS_ARCH_PRCTL = 158;
    static final int ARCH_SET_CPUID = 0x1012;
    static final int MAP_FIXED = 0x10;
    private static final int PROT_RW = 3, PROT_READ_EXEC = 5;

    private AddressSpaceBuilder() {
    }

    static void rebuild(Task task, long gadget, ExecEvent exec, TraceReader reader, long event, BufferPage page)
            throws IOException {
        task.addressSpaceChanged();
        for (Mapping m : exec.mappings()) {
            if (m.start() < RESERVED_END && m.end() > RESERVED_START) {
                throw new JrrException(String.format("cannot replay event %d: the recording mapped 0x%x-0x%x, which "
                        + "jrr reserves for replay (0x%x-0x%x)", event, m.start(), m.end(), RESERVED_START,
                        RESERVED_END));
            }
        }
        try (RemoteSyscalls remote = RemoteSyscalls.at(task, gadget)) {
            remote.check("mmap of jrr's scratch page", SYS_MMAP, SCRATCH, 4096, PROT_RW,
                    MapsEntry.MAP_PRIVATE | MapsEntry.MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            if (page != null) {
                remote.check("mmap of the syscall buffer's page", SYS_MMAP, page.address(), page.bytes().length,
                        PROT_READ_EXEC, MapsEntry.MAP_PRIVATE | MapsEntry.MAP_ANONYMOUS | MAP_FIXED, -1, 0);
                task.memory().write(page.address(), page.bytes());
            }
            for (MapsEntry m : MapsEntry.read(task.tid())) {
                boolean reserved = m.start() >= RESERVED_START && m.end() <= RESERVED_END;
                if (!reserved && !m.special("[vsyscall]")) {
                    remote.check("munmap of " + m.path(), SYS_MUNMAP, m.start(), m.end() - m.start());
                }
            }
            Map<String, Long> fds = new HashMap<>();
            for (Mapping m : exec.mappings()) {
                map(remote, task, m, reader, fds);
            }
            for (long fd : fds.values()) {
                remote.call(SYS_CLOSE, fd);
            }
            remote.call(SYS_ARCH_PRCTL, ARCH_SET_CPUID, 0);
        }
        for (MemWrite w : exec.memory()) {
            task.memory().write(w.address(), w.data());
        }
        task.setRegs(exec.regs());
    }

    /** Maps one recorded mapping at its recorded address. */
    static void map(RemoteSyscalls remote, Task task, Mapping m, TraceReader reader, Map<String, Long> fds)
            throws IOException {
        if (m.traceFile() != null) {
            Long fd = fds.get(m.traceFile());
            if (fd == null) {
                fd = openTraceFile(remote, task, reader, m.traceFile());
                fds.put(m.traceFile(), fd);
            }
            // Private, always: a shared mapping of the trace's copy must never write to it.
            remote.check("mmap of " + m.name(), SYS_MMAP, m.start(), m.length(), m.prot(),
                    MapsEntry.MAP_PRIVATE | MAP_FIXED, fd, m.offset());
        } else {
            remote.check("mmap of " + (m.name().isEmpty() ? "anonymous memory" : m.name()), SYS_MMAP, m.start(),
                    m.length(), m.prot(), MapsEntry.MAP_PRIVATE | MapsEntry.MAP_ANONYMOUS | MAP_FIXED
                            | (m.flags() & MapsEntry.MAP_GROWSDOWN), -1, 0);
        }
    }

    /** Opens a trace file in the tracee; the path goes through the scratch page. */
    static long openTraceFile(RemoteSyscalls remote, Task task, TraceReader reader, String name) throws IOException {
        return openPath(remote, task, reader.file(name), 0 /* O_RDONLY */);
    }

    /** Opens {@code file} in the tracee with {@code flags}; the path goes through the scratch page. */
    static long openPath(RemoteSyscalls remote, Task task, java.nio.file.Path file, int flags) throws IOException {
        byte[] path = (file.toString() + "\0").getBytes(StandardCharsets.UTF_8);
        if (path.length > 4096) {
            throw new JrrException("trace path too long: " + file);
        }
        task.memory().write(SCRATCH, path);
        return remote.check("open of " + file, SYS_OPEN, SCRATCH, flags);
    }
}
