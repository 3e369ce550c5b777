package org.jrr.kernel.syscall;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jrr.api.trace.MemWrite;
import org.jrr.kernel.exec.MapsEntry;
import org.jrr.kernel.task.Task;

/**
 * A copy of a task's writable memory, to find what a syscall with no handler wrote: slow, but it never misses
 * a write to existing memory.
 */
public final class WritableMemory {
    private record Region(long start, byte[] bytes) {
    }

    private final List<Region> regions;

    private WritableMemory(List<Region> regions) {
        this.regions = regions;
    }

    public static WritableMemory capture(Task task) throws IOException {
        List<Region> out = new ArrayList<>();
        for (MapsEntry m : MapsEntry.read(task.tid())) {
            if ((m.prot() & MapsEntry.PROT_WRITE) != 0 && (m.prot() & MapsEntry.PROT_READ) != 0) {
                byte[] b = new byte[(int) Math.min(m.end() - m.start(), Integer.MAX_VALUE - 8)];
                int n = task.memory().readPartial(m.start(), b);
                out.add(new Region(m.start(), Arrays.copyOf(b, n)));
            }
        }
        return new WritableMemory(out);
    }

    /** The pages that differ now. */
    public List<MemWrite> changes(Task task) throws IOException {
        List<MemWrite> out = new ArrayList<>();
        for (Region r : regions) {
            byte[] now = new byte[r.bytes().length];
            int n = task.memory().readPartial(r.start(), now);
            for (int off = 0; off < n; off += 4096) {
                int len = Math.min(4096, n - off);
                if (!Arrays.equals(r.bytes(), off, off + len, now, off, off + len)) {
                    out.add(new MemWrite(r.start() + off, Arrays.copyOfRange(now, off, off + len)));
                }
            }
        }
        return out;
    }
}
