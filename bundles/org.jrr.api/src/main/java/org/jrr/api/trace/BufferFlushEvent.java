package org.jrr.api.trace;

import java.util.List;

/**
 * A flush of a thread's syscall buffer: the syscalls it made through the preload library since its last frame,
 * in order. Replay runs the thread to each and emulates it (result and memory from here).
 */
public record BufferFlushEvent(List<BufferedSyscall> calls) implements Event {
    public BufferFlushEvent {
        calls = List.copyOf(calls);
    }

    /** One buffered syscall: number, arguments (as the kernel saw them), result, and the memory it wrote. */
    public record BufferedSyscall(int number, long[] args, long result, List<MemWrite> writes) {
        public BufferedSyscall {
            args = args.clone();
            writes = List.copyOf(writes);
        }

        @Override
        public long[] args() {
            return args.clone();
        }
    }

    @Override
    public String kind() {
        return "flush";
    }
}
