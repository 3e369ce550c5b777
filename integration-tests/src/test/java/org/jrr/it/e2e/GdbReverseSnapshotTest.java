package org.jrr.it.e2e;

import java.util.Map;

/** {@link GdbReverseTest} with a snapshot every second frame: going back restores the one before its goal. */
class GdbReverseSnapshotTest extends GdbReverseTest {
    @Override
    Map<String, String> env() {
        return Map.of("JRR_CHECKPOINT_INTERVAL", "2");
    }
}
