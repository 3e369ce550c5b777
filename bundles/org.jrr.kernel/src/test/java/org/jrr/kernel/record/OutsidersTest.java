package org.jrr.kernel.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutsidersTest {
    /** /proc/PID/maps writes devices as hex major:minor; stat encodes them as glibc's makedev does. */
    @Test
    void devicesAreEncodedAsStatHasThem() {
        assertEquals(0x801, Outsiders.device("08:01"));
        assertEquals(1, Outsiders.device("00:01"));
        assertEquals((0x103L << 8) | (0x12345L & 0xff) | ((0x12345L & ~0xffL) << 12), Outsiders.device("103:12345"));
    }

    /** A process that has the file open is found, unless it is one of the recorded ones; jrr itself never is. */
    @Test
    void aProcessHoldingTheFileIsFound() throws Exception {
        Path f = Files.createTempFile("jrr-outsiders-", ".dat");
        Process p = new ProcessBuilder("sleep", "30").redirectInput(f.toFile()).start();
        try (FileChannel own = FileChannel.open(f)) { // this process holds it too, and is never an outsider
            Map<String, Object> a = Files.readAttributes(f, "unix:dev,ino");
            SharedFileMaps.FileKey key = new SharedFileMaps.FileKey((Long) a.get("dev"), (Long) a.get("ino"));
            int pid = (int) p.pid();
            assertEquals(pid, Outsiders.holding(key, Set.of()));
            assertEquals(0, Outsiders.holding(key, Set.of(pid)), "recorded processes are not outsiders");
        } finally {
            p.destroyForcibly().waitFor();
            Files.delete(f);
        }
    }
}
