package org.jrr.hpc.perf.cpu;

/**
 * A CPU core design whose PMU can count ticks, and how.
 *
 * @param name for people, e.g. "Intel Skylake"
 * @param rcbEvent the raw perf event config (PERF_TYPE_RAW) counting retired conditional branches in user mode
 * @param skid how many ticks late an overflow interrupt may arrive
 * @param ticks what the event counts
 * @param caveat what else must hold for counts to be exact here, or "" when nothing
 */
public record Microarch(String name, long rcbEvent, long skid, TickSemantics ticks, String caveat) {
    public Microarch {
        if (skid < 0) {
            throw new IllegalArgumentException("negative skid " + skid);
        }
    }

    Microarch(String name, long rcbEvent, long skid) {
        this(name, rcbEvent, skid, TickSemantics.RCB, "");
    }

    Microarch withCaveat(String text) {
        return new Microarch(name, rcbEvent, skid, ticks, text);
    }

    public boolean hasCaveat() {
        return !caveat.isEmpty();
    }
}
