package org.jrr.kernel.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jrr.api.trace.ExecEvent;
import org.jrr.api.trace.Mapping;
import org.jrr.api.trace.MemWrite;
import org.jrr.api.trace.TraceWriter;
import org.jrr.kernel.task.Task;

/**
 * Captures a freshly exec'd address space for the trace: every mapping, the files behind them (stored in the
 * trace) and the bytes of whatever is not plain file contents (stack, data, bss, vDSO).
 */
public final class ExecSnapshot {
    private ExecSnapshot() {
    }

    public static ExecEvent capture(Task task, String exe, String arch, TraceWriter writer) throws IOException {
        List<MapsEntry> maps = MapsEntry.read(task.tid());
        List<Mapping> mappings = new ArrayList<>();
        List<MemWrite> memory = new ArrayList<>();
        for (MapsEntry m : maps) {
            if (m.special("[vvar]") || m.special("[vvar_vclock]") || m.special("[vsyscall]")) {
                continue; // kernel pages the patched vDSO no longer reads; replay has its own [vsyscall]
            }
            String traceFile = null;
            int flags = m.shared() ? MapsEntry.MAP_SHARED : MapsEntry.MAP_PRIVATE;
            if (m.fileBacked()) {
                traceFile = writer.addFile(mappedFile(task.tid(), m));
            } else {
                flags |= MapsEntry.MAP_ANONYMOUS;
                if (m.special("[stack]")) {
                    flags |= MapsEntry.MAP_GROWSDOWN;
                }
            }
            mappings.add(new Mapping(m.start(), m.end(), m.prot(), flags, m.offset(), m.path(), traceFile));
            boolean fileContents = traceFile != null && (m.prot() & MapsEntry.PROT_WRITE) == 0;
            if (!fileContents && (m.prot() & MapsEntry.PROT_READ) != 0) {
                memory.addAll(nonZeroRuns(m.start(), task.memory().read(m.start(), (int) (m.end() - m.start()))));
            }
        }
        return new ExecEvent(exe, arch, task.regs(), mappings, memory);
    }

    /** The file a mapping shows: its path when it is still the same file, else the kernel's handle on it. */
    static Path mappedFile(int tid, MapsEntry m) throws IOException {
        Path byPath = Path.of(m.path());
        Path handle = Path.of("/proc", Integer.toString(tid), "map_files",
                Long.toHexString(m.start()) + "-" + Long.toHexString(m.end()));
        if (Files.isRegularFile(byPath) && Files.isSameFile(byPath, handle)) {
            return byPath;
        }
        return handle;
    }

    /** Splits memory into page-sized records, leaving out all-zero pages (fresh anonymous memory is zero). */
    static List<MemWrite> nonZeroRuns(long start, byte[] bytes) {
        List<MemWrite> out = new ArrayList<>();
        int page = 4096;
        int runStart = -1;
        for (int off = 0; off <= bytes.length; off += page) {
            boolean nonZero = off < bytes.length && !allZero(bytes, off, Math.min(page, bytes.length - off));
            if (nonZero && runStart < 0) {
                runStart = off;
            } else if (!nonZero && runStart >= 0) {
                out.add(new MemWrite(start + runStart, java.util.Arrays.copyOfRange(bytes, runStart, off)));
                runStart = -1;
            }
        }
        return out;
    }

    private static boolean allZero(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
