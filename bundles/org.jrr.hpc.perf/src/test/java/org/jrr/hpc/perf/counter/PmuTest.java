package org.jrr.hpc.perf.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PmuTest {
    private static void pmu(Path devices, String name, String type, String cpus) throws IOException {
        Path dir = Files.createDirectories(devices.resolve(name));
        Files.writeString(dir.resolve("type"), type + "\n");
        if (cpus != null) {
            Files.writeString(dir.resolve("cpus"), cpus + "\n");
        }
    }

    @Test
    void plainCorePmu(@TempDir Path devices) throws IOException {
        pmu(devices, "cpu", "4", null);
        pmu(devices, "software", "1", null);
        Pmu p = Pmu.find(devices).orElseThrow();
        assertEquals(new Pmu("cpu", 4, ""), p);
        assertFalse(p.hybrid());
    }

    @Test
    void hybridPrefersTheBigCores(@TempDir Path devices) throws IOException {
        pmu(devices, "cpu_atom", "10", "16-23");
        pmu(devices, "cpu_core", "4", "0-15");
        Pmu p = Pmu.find(devices).orElseThrow();
        assertEquals(new Pmu("cpu_core", 4, "0-15"), p);
        assertTrue(p.hybrid());
    }

    @Test
    void noHardwarePmu(@TempDir Path devices) throws IOException {
        pmu(devices, "software", "1", null);
        pmu(devices, "breakpoint", "5", null);
        assertEquals(Optional.empty(), Pmu.find(devices));
        assertEquals(List.of("breakpoint", "software"), Pmu.listed(devices));
        assertEquals(List.of(), Pmu.listed(devices.resolve("missing")));
    }

    @Test
    void unreadableTypeIsNoPmu(@TempDir Path devices) throws IOException {
        pmu(devices, "cpu", "garbage", null);
        assertEquals(Optional.empty(), Pmu.find(devices));
    }
}
