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

    /**
     * A process that has the file open for writing is found, unless it is one of the recorded ones; one that only
     * reads it is not; jrr itself never is.
     */
    @Test
    void aProcessThatMayWriteTheFileIsFound() throws Exception {
        Path f = Files.createTempFile("jrr-outsiders-", ".dat");
        Process reader = new ProcessBuilder("sleep", "30").redirectInput(f.toFile()).start();
        Process writer = null;
        try (FileChannel own = FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) { // never an outsider
            Map<String, Object> a = Files.readAttributes(f, "unix:dev,ino");
            SharedFileMaps.FileKey key = new SharedFileMaps.FileKey((Long) a.get("dev"), (Long) a.get("ino"));
            assertEquals(0, Outsiders.holding(key, Set.of()), "a reader is no outsider that writes");
            writer = new ProcessBuilder("sleep", "30").redirectOutput(f.toFile()).start();
            int pid = (int) writer.pid();
            assertEquals(pid, Outsiders.holding(key, Set.of()));
            assertEquals(0, Outsiders.holding(key, Set.of(pid)), "recorded processes are not outsiders");
        } finally {
            reader.destroyForcibly().waitFor();
            if (writer != null) {
                writer.destroyForcibly().waitFor();
            }
            Files.delete(f);
        }
    }
}
