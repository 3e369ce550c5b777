package org.jrr.hpc.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jrr.api.JrrException;
import org.jrr.api.hpc.Availability;
import org.jrr.hpc.perf.cpu.CpuSignature;
import org.jrr.hpc.perf.cpu.Cpuid;
import org.jrr.linux.perf.PerfEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider's decisions for CPUs this machine is not, through a fixed CPUID. */
class PerfProviderTest {
    private static Cpuid cpu(String vendor, int eax) {
        int[] v = switch (vendor) {
            case CpuSignature.INTEL -> new int[] {0x1b, 0x756e6547, 0x6c65746e, 0x49656e69};
            case CpuSignature.AMD -> new int[] {0x10, 0x68747541, 0x444d4163, 0x69746e65};
            default -> new int[] {0x10, 0x746e6543, 0x736c7561, 0x48727561}; // "CentaurHauls"
        };
        return (leaf, sub) -> leaf == 0 ? v.clone() : new int[] {eax, 0, 0, 0};
    }

    private static PerfProvider provider(Cpuid cpuid, Path dir) {
        return new PerfProvider(cpuid, new PerfEvents(), dir.resolve("devices"), dir.resolve("paranoid"));
    }

    @Test
    void describesItself(@TempDir Path dir) {
        PerfProvider p = provider(cpu(CpuSignature.INTEL, 0x50654), dir);
        assertEquals("perf", p.name());
        assertEquals("rcb", p.tickSemantics());
        assertEquals(100, p.skid(), "Skylake's skid, from the table, whether or not a PMU is here");
        assertEquals("Intel Skylake", p.microarch().orElseThrow().name());
    }

    @Test
    void unknownCpu(@TempDir Path dir) {
        PerfProvider p = provider(cpu("CentaurHauls", 0x6f2), dir);
        Availability a = p.probe();
        assertFalse(a.available());
        assertEquals("unknown CPU (CentaurHauls family 0x6 model 0xf stepping 2): jrr does not know which event "
                + "counts its retired conditional branches", a.reason());
        assertEquals(0, p.skid());
        JrrException e = assertThrows(JrrException.class, () -> p.open(1));
        assertEquals("the perf tick provider cannot work here: " + a.reason(), e.getMessage());
    }

    @Test
    void unsupportedCpu(@TempDir Path dir) {
        Availability a = provider(cpu(CpuSignature.AMD, 0x600f12), dir).probe();
        assertFalse(a.available());
        assertTrue(a.reason().startsWith("AMD Bulldozer family (15h) (AuthenticAMD family 0x15 model 0x1 stepping 2)"
                + " is not supported: AMD CPUs before Zen"), a.reason());
    }

    @Test
    void aBrokenCpuidIsAReasonNotAnException(@TempDir Path dir) {
        PerfProvider p = provider((leaf, sub) -> {
            throw new IllegalStateException("cpuid faulting is on");
        }, dir);
        Availability a = p.probe();
        assertFalse(a.available());
        assertEquals("probing the PMU failed: java.lang.IllegalStateException: cpuid faulting is on", a.reason());
    }

    @Test
    void probesOnce(@TempDir Path dir) {
        int[] calls = {0};
        Cpuid counting = (leaf, sub) -> {
            calls[0]++;
            return cpu("CentaurHauls", 0x6f2).cpuid(leaf, sub);
        };
        PerfProvider p = provider(counting, dir);
        Availability a = p.probe();
        assertEquals(a, p.probe());
        p.skid();
        assertEquals(2, calls[0], "leaves 0 and 1, once");
    }
}
