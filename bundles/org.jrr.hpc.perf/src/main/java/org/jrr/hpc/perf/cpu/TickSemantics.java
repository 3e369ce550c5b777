package org.jrr.hpc.perf.cpu;

/**
 * What one tick counts. Written to the trace header: a trace replays only with a counter that counts the same
 * thing (ARM cores, for instance, can only count taken branches, which give different numbers).
 */
public enum TickSemantics {
    /** Retired conditional branches in user mode. */
    RCB("rcb");

    private final String id;

    TickSemantics(String id) {
        this.id = id;
    }

    /** The name stored in traces. */
    public String id() {
        return id;
    }
}
