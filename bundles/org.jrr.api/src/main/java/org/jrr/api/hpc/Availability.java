package org.jrr.api.hpc;

/** Whether a tick provider works on this machine, and why not. */
public record Availability(boolean available, String reason) {
    public static Availability yes(String reason) {
        return new Availability(true, reason);
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
