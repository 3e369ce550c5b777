package org.jrr.kernel.replay;

import org.jrr.kernel.task.Task;
import org.jrr.kernel.ticks.TaskTicks;

/**
 * One replayed task. Every replayed task is a process of its own (CLONE_THREAD is dropped), sharing memory with
 * the tasks it shared memory with when recorded; {@code heap} and {@code fds} are shared the same way.
 */
final class ReplayTask {
    /** The tid the task had when recorded: what its frames carry and what it sees. */
    int recordedTid;
    /** Its process (thread group) when recorded. */
    int recordedPid;
    /** Its process's auxiliary vector as the recording's kernel built it (read from the stack at exec). */
    byte[] auxv = new byte[0];
    /** The program it runs, as recorded. */
    String exe = "";
    Task task;
    Heap heap;
    StdioEcho fds;
    /** Stopped at the entry of the syscall its next syscall frame completes. */
    boolean atEntry;
    /** Running into its end (an exit syscall or a fatal signal): its exit frame is checked, not enforced. */
    boolean exiting;
    /** Its tick counter, counting since its creation or last exec as the recording did. */
    TaskTicks ticks = TaskTicks.NONE;
    /** Its registers show an interrupted syscall that the kernel restarts when the task runs on. */
    boolean restartPending;

    ReplayTask(int recordedTid, Task task, Heap heap, StdioEcho fds) {
        this.recordedTid = recordedTid;
        this.recordedPid = recordedTid;
        this.task = task;
        this.heap = heap;
        this.fds = fds;
    }

    void close() {
        ticks.close();
        task.close();
    }

    @Override
    public String toString() {
        return "task " + recordedTid;
    }

    /** The top of the brk heap as replay rebuilt it; -1 until the first brk after an exec. */
    static final class Heap {
        long end = -1;

        Heap copy() {
            Heap h = new Heap();
            h.end = end;
            return h;
        }
    }
}
