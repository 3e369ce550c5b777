package org.jrr.api.session;

import java.nio.file.Path;

/** A trace in the trace store, for {@code jrr ls}. */
public record TraceInfo(String name, Path path, String codec, long sizeBytes, long modifiedMillis, boolean latest) {
}
