package org.jrr.kernel.replay;

import org.jrr.api.trace.BufferFlushEvent;
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
    /** Where the kernel writes 0 when it ends (CLONE_CHILD_CLEARTID), or 0. */
    long clearTid;
    /** Shares memory but not the signal handler table with the tasks of its address space (a vfork child). */
    boolean ownHandlers;
    /** The flush whose records it takes on its way to its next frame, and that flush's event; null when none. */
    BufferFlushEvent flush;
    long flushEvent;

    ReplayTask(int recordedTid, Task task, Heap heap, StdioEcho fds) {
        this.recordedTid = recordedTid;
        this.recordedPid = recordedTid;
        this.task = task;
        this.heap = heap;
        this.fds = fds;
    }

    /** A task like this one, in process {@code task}, in the given address space and descriptor table. */
    ReplayTask copy(Task process, Heap heap, StdioEcho fds, TaskTicks ticks) {
        ReplayTask c = new ReplayTask(recordedTid, process, heap, fds);
        c.recordedPid = recordedPid;
        c.auxv = auxv;
        c.exe = exe;
        c.atEntry = atEntry;
        c.ticks = ticks;
        c.restartPending = restartPending;
        c.clearTid = clearTid;
        c.flush = flush;
        c.flushEvent = flushEvent;
        return c;
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
