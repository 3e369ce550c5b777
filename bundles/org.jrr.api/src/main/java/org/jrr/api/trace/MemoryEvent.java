package org.jrr.api.trace;

import java.util.List;

/**
 * Memory of the task jrr wrote at this point while the task stood still (the syscall buffer's table of descriptors
 * whose writes are traced, when another process mapped a file shared). Replay writes the same bytes here, before the
 * task runs on.
 *
 * @param writes what was written
 */
public record MemoryEvent(List<MemWrite> writes) implements Event {
    public MemoryEvent {
        writes = List.copyOf(writes);
    }

    @Override
    public String kind() {
        return "memory";
    }
}
