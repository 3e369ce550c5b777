package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AVX and AVX-512 registers in gdb, as the recording CPU had them: vector_regs puts bytes 0..31 in ymm0 and, with
 * AVX-512, bytes 0..63 in zmm16 and 0x5555 in k1, then calls loaded(). The values come from the XSAVE area at
 * the offsets this CPU uses (AMD's differ from Intel's, which gdb 13 alone gets wrong on AMD).
 */
class GdbVectorRegistersTest {
    private static final String BYTES_0_TO_31 = "{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,"
            + " 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}";
    private static Jrr jrr;
    private static Set<String> flags;

    @BeforeAll
    static void record() throws Exception {
        flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
                .findFirst().map(l -> Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
                .orElse(Set.of());
        assumeTrue(flags.contains("avx"), "this CPU has no AVX: nothing to show");
        jrr = new Jrr("gdb-vector");
        Jrr.Result rec = jrr.run("record", "-q", Jrr.program("vector_regs"));
        assertEquals(0, rec.status(), rec::toString);
    }

    @Test
    void ymmRegistersShowTheirWholeValue() throws Exception {
        Jrr.Result r = GdbScript.run(jrr, Map.of("JRR_CHECKPOINT_INTERVAL", "0"), "break loaded", "continue",
                "p $ymm0.v32_int8", "info registers ymm0");
        assertTrue(r.stdout().contains("$1 = " + BYTES_0_TO_31), r::toString);
        assertTrue(r.stdout().contains("v2_int128 = {0xf0e0d0c0b0a09080706050403020100,"
                + " 0x1f1e1d1c1b1a19181716151413121110}"), r::toString);
        assertEquals(0, r.status(), r::toString);
    }

    @Test
    void avx512RegistersAreThereWhenTheCpuHasThem() throws Exception {
        assumeTrue(flags.contains("avx512f"), "this CPU has no AVX-512");
        Jrr.Result r = GdbScript.run(jrr, "break loaded", "continue", "p $zmm16.v64_int8", "p/x $k1",
                "p $zmm16.v64_int8[63]");
        String all = java.util.stream.IntStream.range(0, 64).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ", "{", "}"));
        assertTrue(r.stdout().contains("$1 = " + all), r::toString);
        assertTrue(r.stdout().contains("$2 = 0x5555"), r::toString);
        assertTrue(r.stdout().contains("$3 = 63"), r::toString);
        assertEquals(0, r.status(), r::toString);
    }

    /** A write to a ymm register goes to a diversion; the replay goes on as recorded, and going back shows it. */
    @Test
    void aWrittenYmmRegisterLeavesTheReplayAsRecorded() throws Exception {
        Jrr.Result r = GdbScript.run(jrr, "break loaded", "continue", "set var $ymm0.v8_int32[7] = 99",
                "p $ymm0.v8_int32[7]", "continue", "reverse-continue", "p $ymm0.v8_int32[7]");
        String out = r.stdout();
        assertTrue(out.contains("$1 = 99"), r::toString);
        assertTrue(out.contains("ymm0 last byte 31"), "the program saw the recorded value: " + r);
        // bytes 28..31 as one little-endian int: 0x1f1e1d1c
        assertTrue(out.contains("$2 = " + 0x1f1e1d1c), r::toString);
        assertEquals(0, r.status(), r::toString);
    }
}
