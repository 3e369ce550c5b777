package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Memory shared through files (issue 13): what the recording saw in a mapping, replay shows; sharing jrr cannot
 * replay yet is named when recording, and the replay stops where it shows instead of printing something else.
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
        assertTrue(dump.stdout().contains("syscall pwrite64 = 6  [6 bytes written]"),
                "the pwrite is traced (also with the syscall buffer) and records the mapping's 6 bytes: " + dump);
    }

    /** A SysV segment a forked child writes: replay makes it shared memory again, with its recorded contents. */
    @Test
    void aSysVSegmentIsSharedWithAForkedChild() throws Exception {
        RecordReplayTest.recordAndReplayTwice("sysv_shm", List.of(Jrr.program("sysv_shm")), Map.of(), null, 0,
                "the segment shows: child!, last page");
    }

    @Test
    void aMappingSharedWithAForkedChildIsNamedAndNeverReplayedSilentlyWrong() throws Exception {
        namedAndNotSilent("shared_file_fork", "both map it shared and writable", "child!");
    }

    @Test
    void aWriteByAProcessThatDoesNotMapTheFileIsNamedAndNeverReplayedSilentlyWrong() throws Exception {
        namedAndNotSilent("shared_file_writer", "writes it (pwrite64) while process", "after!");
    }

    private static void namedAndNotSilent(String program, String warning, String recorded) throws Exception {
        Jrr jrr = new Jrr("shared-" + program);
        Jrr.Result rec = jrr.run("record", "-q", Jrr.program(program));
        assertEquals(0, rec.status(), rec::toString);
        assertTrue(rec.stdout().contains("the mapping shows: " + recorded), rec::toString);
        List<String> warnings = rec.stderr().lines().filter(l -> l.startsWith("jrr: warning: /tmp/jrr-shared-"))
                .toList();
        assertEquals(1, warnings.size(), rec::toString);
        assertTrue(warnings.get(0).contains(warning), rec::toString);
        Jrr.Result rep = jrr.run("replay", "-a");
        // what the recording printed, or a divergence where the output differs: never other output and exit 0
        boolean same = rep.status() == 0 && rep.stdout().equals(rec.stdout());
        boolean stopped = rep.status() != 0 && rep.stderr().contains("replay diverged")
                && rep.stderr().contains("differs from what the recording wrote there");
        assertTrue(same || stopped, rep::toString);
    }
}
