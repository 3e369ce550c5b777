package org.jrr.api.debug;

/** A task as the recording knew it: its process (thread-group) id and its thread id. */
public record TaskId(int pid, int tid) {
    @Override
    public String toString() {
        return pid == tid ? "process " + pid : "thread " + pid + "." + tid;
    }
}
