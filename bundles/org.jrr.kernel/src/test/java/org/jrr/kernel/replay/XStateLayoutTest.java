package org.jrr.kernel.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class XStateLayoutTest {
    /** An XSAVE area of {@code size} bytes whose software-reserved word says XCR0 = {@code xcr0}. */
    private static byte[] area(int size, long xcr0) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        if (size > XStateLayout.XCR0_OFFSET + 8) {
            b.putLong(XStateLayout.XCR0_OFFSET, xcr0);
        }
        return b.array();
    }

    /** CPUID leaf 0xD's EBX on AMD Zen 4: opmask right after AVX, no room kept for MPX. */
    private static int[] zen4(int component) {
        return switch (component) {
            case 2 -> new int[] {256, 576};
            case 5 -> new int[] {64, 832};
            case 6 -> new int[] {512, 896};
            case 7 -> new int[] {1024, 1408};
            case 9 -> new int[] {8, 2432};
            default -> new int[] {0, 0};
        };
    }

    /** ... and on Intel, where components 3 and 4 keep their place even when disabled. */
    private static int[] intel(int component) {
        return switch (component) {
            case 2 -> new int[] {256, 576};
            case 5 -> new int[] {64, 1088};
            case 6 -> new int[] {512, 1152};
            case 7 -> new int[] {1024, 1664};
            case 9 -> new int[] {8, 2688};
            default -> new int[] {0, 0};
        };
    }

    @Test
    void offsetsAreTheCpusForEveryEnabledComponent() {
        XStateLayout amd = XStateLayout.of(area(2440, 0x2e7), XStateLayoutTest::zen4);
        assertEquals(Map.of(2, 576, 5, 832, 6, 896, 7, 1408, 9, 2432), amd.offsets());
        assertEquals(Set.of("avx", "avx512"), amd.features());
        XStateLayout intel = XStateLayout.of(area(2696, 0x2e7), XStateLayoutTest::intel);
        assertEquals(1664, intel.offsets().get(7));
        assertEquals(Set.of("avx", "avx512"), intel.features());
    }

    @Test
    void featuresFollowWhatTheKernelEnabled() {
        assertEquals(Set.of("avx"), XStateLayout.of(area(2440, 0x7), XStateLayoutTest::zen4).features());
        // AVX-512 needs all three of its components
        assertEquals(Set.of("avx"), XStateLayout.of(area(2440, 0x67), XStateLayoutTest::zen4).features());
        assertEquals(Set.of(), XStateLayout.of(area(2440, 0x3), XStateLayoutTest::zen4).features());
    }

    @Test
    void anAreaWithoutExtendedStateHasNone() {
        assertEquals(XStateLayout.NONE, XStateLayout.of(area(512, 0xe7), XStateLayoutTest::zen4));
        assertEquals(XStateLayout.NONE, XStateLayout.of(area(576, 0xe7), XStateLayoutTest::zen4));
        // an offset CPUID gives that lies outside the area is not trusted
        assertEquals(Set.of(), XStateLayout.of(area(800, 0x7), XStateLayoutTest::intel).features());
        assertEquals(Set.of("avx"), XStateLayout.of(area(2000, 0xe7), XStateLayoutTest::intel).features());
    }
}
