package org.jrr.kernel.replay;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * What the XSAVE areas ptrace gives hold on this CPU: the user state components the kernel enabled (XCR0, which
 * it puts in the area's software-reserved bytes) and where each starts (CPUID leaf 0xD). Replay runs on the
 * recording's CPU, so this is the recorded CPU's register set.
 *
 * @param xcr0    the enabled components, one bit each
 * @param offsets where components 2 and up start in the standard layout, by component number
 */
record XStateLayout(long xcr0, Map<Integer, Integer> offsets) {
    /** Where the kernel puts XCR0 in a ptrace XSAVE area (the first word of the FXSAVE area's free bytes). */
    static final int XCR0_OFFSET = 464;
    /** The legacy area and the XSAVE header: nothing beyond them, no extended components. */
    static final int HEADER_END = 576;
    static final int AVX = 2;
    static final long AVX512 = 0b111L << 5; // opmask, ZMM_Hi256, Hi16_ZMM: usable only together

    static final XStateLayout NONE = new XStateLayout(0, Map.of());

    XStateLayout {
        offsets = Map.copyOf(offsets);
    }

    /**
     * From a task's XSAVE area, {@code cpuid} giving CPUID leaf 0xD for a component number (EAX: its size, EBX:
     * its offset). An area no longer than the header has no extended components; one CPUID places outside the
     * area is left out.
     */
    static XStateLayout of(byte[] xsave, IntFunction<int[]> cpuid) {
        if (xsave.length <= HEADER_END) {
            return NONE;
        }
        long xcr0 = ByteBuffer.wrap(xsave).order(ByteOrder.LITTLE_ENDIAN).getLong(XCR0_OFFSET);
        Map<Integer, Integer> offsets = new TreeMap<>();
        for (int c = AVX; c < 64; c++) {
            if ((xcr0 & (1L << c)) != 0) {
                int[] r = cpuid.apply(c);
                int size = r[0], offset = r[1];
                if (offset >= HEADER_END && size > 0 && (long) offset + size <= xsave.length) {
                    offsets.put(c, offset);
                }
            }
        }
        return new XStateLayout(xcr0, offsets);
    }

    /** The features a debugger's register set follows: {@code avx}, {@code avx512}. */
    Set<String> features() {
        boolean avx = offsets.containsKey(AVX);
        boolean avx512 = avx && (xcr0 & AVX512) == AVX512 && offsets.keySet().containsAll(Set.of(5, 6, 7));
        return avx512 ? Set.of("avx", "avx512") : avx ? Set.of("avx") : Set.of();
    }
}
