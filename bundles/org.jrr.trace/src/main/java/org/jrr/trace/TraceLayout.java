package org.jrr.trace;

import java.nio.file.Path;

/** Where the binary codec keeps things inside a trace directory. */
record TraceLayout(Path dir) {
    Path header() {
        return dir.resolve("header");
    }

    Path events() {
        return dir.resolve("events");
    }

    Path files() {
        return dir.resolve("files");
    }
}
