package org.jrr.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SharedDigestTest {
    /** Pages kept up to date piecemeal (writes, growth, shrinking) digest as the whole contents computed anew. */
    @Test
    void piecemealUpdatesGiveTheDigestOfTheWholeContents() {
        Random r = new Random(13);
        byte[] file = new byte[5 * 4096 + 100];
        r.nextBytes(file);
        int size = file.length;
        SharedDigest.Pages pages = new SharedDigest.Pages();
        pages.resize(size);
        pages.update(file, 0, size);
        for (int round = 0; round < 200; round++) {
            int op = r.nextInt(3);
            if (op == 0) { // a write inside
                int from = r.nextInt(size), n = r.nextInt(Math.min(9000, size - from) + 1);
                for (int i = from; i < from + n; i++) {
                    file[i] = (byte) r.nextInt();
                }
                pages.update(file, from, from + n);
            } else { // a new size: shrinking leaves zeros behind, growing shows them
                int old = size;
                size = r.nextInt(8 * 4096);
                if (size > file.length) {
                    file = Arrays.copyOf(file, size);
                }
                Arrays.fill(file, Math.min(old, size), Math.max(old, size), (byte) 0);
                pages.resize(size);
                pages.update(file, Math.min(old, size), size);
            }
            assertEquals(SharedDigest.of(file, size), pages.digest(), "round " + round);
        }
    }

    @Test
    void theDigestTellsContentsAndSizeApart() {
        byte[] a = new byte[8192];
        byte[] b = a.clone();
        b[5000] = 1;
        assertNotEquals(SharedDigest.of(a, 8192), SharedDigest.of(b, 8192));
        assertNotEquals(SharedDigest.of(a, 8192), SharedDigest.of(a, 8191));
    }
}
