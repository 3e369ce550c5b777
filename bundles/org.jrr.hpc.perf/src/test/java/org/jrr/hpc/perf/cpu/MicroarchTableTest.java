package org.jrr.hpc.perf.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Real CPUID leaf-1 eax values, decoded and looked up as the provider does. */
class MicroarchTableTest {
    private static Detection detect(String vendor, int eax) {
        return MicroarchTable.detect(CpuSignature.decode(vendor, eax));
    }

    private static Microarch supported(String vendor, int eax) {
        return assertInstanceOf(Detection.Supported.class, detect(vendor, eax)).microarch();
    }

    private static void assertMicroarch(String name, long event, long skid, Microarch m) {
        assertEquals(name, m.name());
        assertEquals(event, m.rcbEvent(), () -> String.format("event 0x%x", m.rcbEvent()));
        assertEquals(skid, m.skid());
        assertEquals(TickSemantics.RCB, m.ticks());
        assertEquals("rcb", m.ticks().id());
    }

    @Test
    void intelBeforeIceLakeUsesUmask01() {
        assertMicroarch("Intel Skylake", 0x5101c4, 100, supported(CpuSignature.INTEL, 0x50654)); // Skylake-SP
        assertMicroarch("Intel Skylake", 0x5101c4, 100, supported(CpuSignature.INTEL, 0x50657)); // Cascade Lake
        assertMicroarch("Intel Nehalem", 0x5101c4, 100, supported(CpuSignature.INTEL, 0x106a5));
        assertMicroarch("Intel Haswell", 0x5101c4, 100, supported(CpuSignature.INTEL, 0x306c3));
        assertMicroarch("Intel Kaby Lake", 0x5101c4, 100, supported(CpuSignature.INTEL, 0x906ea)); // Coffee Lake
    }

    @Test
    void intelFromIceLakeUsesUmask11() {
        assertMicroarch("Intel Ice Lake", 0x5111c4, 100, supported(CpuSignature.INTEL, 0x606a6)); // Ice Lake-SP
        assertMicroarch("Intel Tiger Lake", 0x5111c4, 100, supported(CpuSignature.INTEL, 0x806c1));
        // Model 167, stepping 1: the CPU of the VMs this project was first measured on.
        assertMicroarch("Intel Rocket Lake", 0x5111c4, 100, supported(CpuSignature.INTEL, 0xa0671));
    }

    @Test
    void intelFromAlderLakeHasTheLargerSkid() {
        assertMicroarch("Intel Alder Lake", 0x5111c4, 125, supported(CpuSignature.INTEL, 0x90672));
        assertMicroarch("Intel Raptor Lake", 0x5111c4, 125, supported(CpuSignature.INTEL, 0xb0671));
        assertMicroarch("Intel Sapphire Rapids", 0x5111c4, 125, supported(CpuSignature.INTEL, 0x806f8));
    }

    @Test
    void intelAtomCoresUseTheirOwnUmask() {
        assertMicroarch("Intel Goldmont", 0x517ec4, 100, supported(CpuSignature.INTEL, 0x506c9));
        assertMicroarch("Intel Tremont", 0x517ec4, 100, supported(CpuSignature.INTEL, 0x906c0));
    }

    @Test
    void amdZenGenerations() {
        assertMicroarch("AMD Zen", 0x5100d1, 10000, supported(CpuSignature.AMD, 0x800f12)); // Naples
        assertMicroarch("AMD Zen", 0x5100d1, 10000, supported(CpuSignature.AMD, 0x800f82)); // Pinnacle Ridge (Zen+)
        assertMicroarch("AMD Zen 2", 0x5100d1, 10000, supported(CpuSignature.AMD, 0x830f10)); // Rome
        assertMicroarch("AMD Zen 2", 0x5100d1, 10000, supported(CpuSignature.AMD, 0x870f10)); // Matisse
        assertMicroarch("AMD Zen 3", 0x5100d1, 10000, supported(CpuSignature.AMD, 0xa00f11)); // Milan
        assertMicroarch("AMD Zen 3", 0x5100d1, 10000, supported(CpuSignature.AMD, 0xa20f10)); // Vermeer
        assertMicroarch("AMD Zen 4", 0x5100d1, 10000, supported(CpuSignature.AMD, 0xa10f11)); // Genoa
        assertMicroarch("AMD Zen 4", 0x5100d1, 10000, supported(CpuSignature.AMD, 0xa60f12)); // Raphael
        assertMicroarch("AMD Zen 5", 0x5100d1, 10000, supported(CpuSignature.AMD, 0xb00f21)); // Turin
        assertTrue(supported(CpuSignature.AMD, 0xa10f11).hasCaveat(), "Zen needs the SpecLockMap note");
    }

    @Test
    void oldCpusAreKnownUnsupported() {
        var merom = assertInstanceOf(Detection.Unsupported.class, detect(CpuSignature.INTEL, 0x6f6));
        assertEquals("Intel Core 2 (Merom)", merom.name());
        var penryn = assertInstanceOf(Detection.Unsupported.class, detect(CpuSignature.INTEL, 0x10676));
        assertEquals("Intel Core 2 (Penryn)", penryn.name());
        assertInstanceOf(Detection.Unsupported.class, detect(CpuSignature.INTEL, 0x106c2)); // Atom Bonnell
        assertInstanceOf(Detection.Unsupported.class, detect(CpuSignature.INTEL, 0xf29)); // Pentium 4
        var bulldozer = assertInstanceOf(Detection.Unsupported.class, detect(CpuSignature.AMD, 0x600f12));
        assertEquals("AMD Bulldozer family (15h)", bulldozer.name());
        assertTrue(bulldozer.why().contains("before Zen"), bulldozer.why());
    }

    @Test
    void unlistedCpusAreUnknownNotGuessed() {
        assertInstanceOf(Detection.Unknown.class, detect(CpuSignature.INTEL, 0x606f0)); // model 0x6f: not listed
        assertInstanceOf(Detection.Unknown.class, detect(CpuSignature.AMD, 0xb50f00)); // family 1Ah model 0x50
        assertInstanceOf(Detection.Unknown.class, detect(CpuSignature.AMD, 0xc00f00)); // family 1Bh
        assertInstanceOf(Detection.Unknown.class, detect("HygonGenuine", 0x900f01));
        assertInstanceOf(Detection.Unknown.class, detect("CentaurHauls", 0x6f2));
    }
}
