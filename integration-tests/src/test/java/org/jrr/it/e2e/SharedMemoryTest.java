package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Memory shared through files (issue 13): what the recording saw in a mapping, replay shows, from its one emulated
 * copy of each file mapped shared, which every write to the file by the recording's tasks updates.
 */
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
        assertTrue(dump.stdout().contains("syscall pwrite64 = 6"), "the pwrite is traced (also with the syscall"
                + " buffer): " + dump);
        assertTrue(dump.stdout().lines().anyMatch(l -> l.contains(" file /tmp/") && l.contains(": 6 bytes at 100,")
                && l.contains("contents checked")), "and records the 6 bytes it changed in the file: " + dump);
    }

    /** A SysV segment a forked child writes: replay makes it shared memory again, with its recorded contents. */
    @Test
    void aSysVSegmentIsSharedWithAForkedChild() throws Exception {
        RecordReplayTest.recordAndReplayTwice("sysv_shm", List.of(Jrr.program("sysv_shm")), Map.of(), null, 0,
                "the segment shows: child!, last page");
    }

    /** A file mapping inherited by a forked child, which writes through it: the parent's mapping shows it. */
    @Test
    void aFileMappingIsSharedWithAForkedChild() throws Exception {
        RecordReplayTest.recordAndReplayTwice("shared_file_fork", List.of(Jrr.program("shared_file_fork")), Map.of(),
                null, 0, "the mapping shows: child!");
    }

    /** A process that does not map the file writes it (pwrite): another process's mapping of it shows that. */
    @Test
    void aWriteByAProcessThatDoesNotMapTheFileShowsInAnothersMapping() throws Exception {
        RecordReplayTest.recordAndReplayTwice("shared_file_writer", List.of(Jrr.program("shared_file_writer")),
                Map.of(), null, 0, "the mapping shows: after!");
    }

    /** A memfd shared with a forked child, which writes through the mapping and through the descriptor. */
    @Test
    void aMemfdIsSharedWithAForkedChild() throws Exception {
        RecordReplayTest.recordAndReplayTwice("memfd_fork", List.of(Jrr.program("memfd_fork")), Map.of(), null, 0,
                "the memfd shows: child!, write!");
    }

    /** ftruncate grows a file mapped beyond its end; a write there shows in the mapping. */
    @Test
    void aMappedFileGrownByFtruncateShowsWhatIsWrittenThere() throws Exception {
        RecordReplayTest.recordAndReplayTwice("shared_file_grow", List.of(Jrr.program("shared_file_grow")), Map.of(),
                null, 0, "the mapping shows: first, 0, grown");
    }

    /**
     * A real program: an LMDB environment through liblmdb, which maps its data file shared and read-only and
     * writes it with pwrite; several transactions, then reads through the map.
     */
    @Test
    void anLmdbEnvironmentReplays() throws Exception {
        RecordReplayTest.recordAndReplayTwice("lmdb_env", List.of(Jrr.program("lmdb_env")), Map.of(), null, 0,
                "entries: 200, checksum 13905060561672101696");
    }
}
