package org.jrr.trace.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jrr.api.trace.TraceFormatException;
import org.jrr.api.trace.TraceHeader;
import org.jrr.trace.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeaderCodecTest {
    @TempDir
    Path dir;

    @Test
    void roundTrip() throws Exception {
        Path file = dir.resolve("header");
        HeaderCodec.write(file, Samples.header());
        assertEquals(Samples.header(), HeaderCodec.read(file));
        assertFalse(Files.exists(dir.resolve("header.tmp")));
    }

    @Test
    void nullAndEmptyFieldsRoundTrip() throws Exception {
        TraceHeader h = new TraceHeader(null, "", null, List.of(), List.of(""), null, -1, Map.of());
        assertEquals(h, HeaderCodec.decode(dir, HeaderCodec.encode(h)));
    }

    @Test
    void sameHeaderSameBytes() {
        // properties come from an unordered map; the file must not depend on its iteration order
        assertArrayEquals(HeaderCodec.encode(Samples.header()), HeaderCodec.encode(Samples.header()));
    }

    @Test
    void everyFlippedByteIsDetected() {
        Path file = dir.resolve("header");
        byte[] good = HeaderCodec.encode(Samples.header());
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            TraceFormatException e = assertThrows(TraceFormatException.class, () -> HeaderCodec.decode(file, bad),
                    "flip at " + i);
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("offset"),
                    e.getMessage());
        }
    }

    @Test
    void everyTruncationIsDetected() {
        byte[] good = HeaderCodec.encode(Samples.header());
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThrows(TraceFormatException.class, () -> HeaderCodec.decode(dir, cut), "cut at " + n);
        }
    }

    @Test
    void otherVersionIsNamed() {
        byte[] b = HeaderCodec.encode(Samples.header());
        b[7] = 9;
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> HeaderCodec.decode(dir, b));
        assertTrue(e.getMessage().contains("unsupported format version 9"), e.getMessage());
    }
}
