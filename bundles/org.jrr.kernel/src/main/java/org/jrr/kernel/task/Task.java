package org.jrr.kernel.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jrr.api.arch.Registers;
import org.jrr.linux.Linux;
import org.jrr.linux.Ptrace;
import org.jrr.linux.TaskMemory;
import org.jrr.linux.WaitStatus;

/** One traced Linux thread. Used only from the tracer thread. */
public final class Task implements AutoCloseable {
    private final Linux linux;
    private final int tid;
    private TaskMemory memory;
    /** Signals that arrived while jrr made syscalls in the task, kept back for the session to deliver. */
    private final java.util.ArrayDeque<byte[]> deferred = new java.util.ArrayDeque<>();

    public Task(Linux linux, int tid) {
        this.linux = linux;
        this.tid = tid;
    }

    public int tid() {
        return tid;
    }

    public Linux linux() {
        return linux;
    }

    /** The task's memory. Reopened after an exec: /proc/pid/mem stays bound to the address space it was opened on. */
    public TaskMemory memory() {
        if (memory == null) {
            try {
                memory = new TaskMemory(tid);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the memory of task " + tid + ": " + e.getMessage(), e);
            }
        }
        return memory;
    }

    /** Forgets the memory handle, after an exec replaced the address space. */
    public void addressSpaceChanged() {
        closeMemory();
    }

    public Registers regs() {
        return linux.getRegs(tid);
    }

    public void setRegs(Registers regs) {
        linux.setRegs(tid, regs);
    }

    public void resume(int request, int sig) {
        linux.resume(request, tid, sig);
    }

    /** Waits for this task's next stop or its end. */
    public WaitStatus waitStop() {
        return linux.waitpid(tid, 0);
    }

    /** Ends the task with SIGKILL and waits until it is gone (passing its exit stop), so that no zombie stays. */
    public void killAndWait() {
        linux.killQuietly(tid, 9 /* SIGKILL */);
        while (true) {
            WaitStatus st;
            try {
                st = waitStop();
            } catch (RuntimeException gone) {
                return;
            }
            if (!st.stopped()) {
                return;
            }
            try {
                resume(Ptrace.CONT, 0);
            } catch (RuntimeException gone) {
                // dying: the next wait reports its end
            }
        }
    }

    /** Keeps back a signal (its siginfo) that arrived while jrr used the task. */
    void defer(byte[] siginfo) {
        deferred.add(siginfo);
    }

    /** The signals kept back since the last call, oldest first; empties the list. */
    public java.util.List<byte[]> takeDeferred() {
        java.util.List<byte[]> out = java.util.List.copyOf(deferred);
        deferred.clear();
        return out;
    }

    public byte[] siginfo() {
        return linux.getSiginfo(tid);
    }

    private void closeMemory() {
        if (memory != null) {
            try {
                memory.close();
            } catch (IOException ignored) {
                // nothing to do: the task may be gone
            }
            memory = null;
        }
    }

    @Override
    public void close() {
        closeMemory();
    }
}
