package org.jrr.hpc.perf.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuSignatureTest {
    @Test
    void vendorStringIsEbxEdxEcx() {
        // "Genu" "ineI" "ntel" and "Auth" "enti" "cAMD" as the registers hold them (little-endian).
        assertEquals("GenuineIntel", CpuSignature.vendor(new int[] {0x16, 0x756e6547, 0x6c65746e, 0x49656e69}));
        assertEquals("AuthenticAMD", CpuSignature.vendor(new int[] {0x10, 0x68747541, 0x444d4163, 0x69746e65}));
    }

    @Test
    void intelFamily6FoldsTheExtendedModel() {
        CpuSignature skx = CpuSignature.decode(CpuSignature.INTEL, 0x00050654);
        assertEquals(new CpuSignature("GenuineIntel", 6, 0x55, 4), skx);
        assertEquals(new CpuSignature("GenuineIntel", 6, 0xa7, 1), CpuSignature.decode(CpuSignature.INTEL, 0xa0671));
        assertEquals(new CpuSignature("GenuineIntel", 6, 0x97, 2), CpuSignature.decode(CpuSignature.INTEL, 0x90672));
    }

    @Test
    void amdFoldsTheExtendedFamilyAndModel() {
        assertEquals(new CpuSignature("AuthenticAMD", 0x17, 0x31, 0), CpuSignature.decode(CpuSignature.AMD, 0x830f10));
        assertEquals(new CpuSignature("AuthenticAMD", 0x19, 0x11, 1), CpuSignature.decode(CpuSignature.AMD, 0xa10f11));
        assertEquals(new CpuSignature("AuthenticAMD", 0x1a, 0x02, 1), CpuSignature.decode(CpuSignature.AMD, 0xb00f21));
    }

    @Test
    void theExtendedFieldsAreIgnoredBelowFamily15() {
        // A family-5 part with stray extended bits: the display family/model are the base ones.
        assertEquals(new CpuSignature("GenuineIntel", 5, 2, 0xc), CpuSignature.decode(CpuSignature.INTEL, 0x0ff052c));
    }

    @Test
    void eaxRoundTrips() {
        for (int eax : new int[] {0x50654, 0x606a6, 0x90672, 0xa0671, 0x106a5, 0x6f6, 0x830f10, 0xa10f11, 0x800f12,
                0x600f12, 0xb00f21, 0xf29}) {
            CpuSignature s = CpuSignature.decode("x", eax);
            assertEquals(eax, s.eax(), s.toString());
        }
    }

    @Test
    void readsLeaves0And1() {
        Cpuid fake = (leaf, sub) -> switch (leaf) {
            case 0 -> new int[] {0x1b, 0x756e6547, 0x6c65746e, 0x49656e69};
            case 1 -> new int[] {0x000606a6, 0, 0, 0};
            default -> new int[4];
        };
        CpuSignature s = CpuSignature.of(fake);
        assertTrue(s.intel());
        assertEquals("GenuineIntel family 0x6 model 0x6a stepping 6", s.toString());
    }
}
