package org.jrr.api.debug;

/** Which way a replay runs. */
public enum Direction {
    FORWARD,
    BACKWARD
}
