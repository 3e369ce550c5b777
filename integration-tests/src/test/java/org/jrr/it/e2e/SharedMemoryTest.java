package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Memory shared through files (issue 13): what the recording saw in a mapping, replay shows. */
class SharedMemoryTest {
    /**
     * The LMDB pattern in one process: a MAP_SHARED mapping sees writes made through other descriptors (opened
     * before or after the mmap), and a read sees what was written through the mapping. The replay prints what the
     * recording printed; each write to the mapped file records what it changed in the mapping.
     */
    @Test
    void aSharedFileMappingSeesWritesThroughDescriptors() throws Exception {
        RecordReplayTest.recordAndReplayTwice("shared_file_map", List.of(Jrr.program("shared_file_map")), Map.of(),
                null, 0, "after pwrite: bbb");
        Jrr jrr = new Jrr("shared-file-map-dump");
        assertEquals(0, jrr.run("record", "-q", Jrr.program("shared_file_map")).status());
        Jrr.Result dump = jrr.run("dump");
        assertTrue(dump.stdout().contains("syscall pwrite64 = 6  [6 bytes written]"),
                "the pwrite is traced (also with the syscall buffer) and records the mapping's 6 bytes: " + dump);
    }
}
