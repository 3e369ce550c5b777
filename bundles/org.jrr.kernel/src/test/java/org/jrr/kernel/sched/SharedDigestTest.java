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

    /** Replay's way, pages read from its copy as events change it, gives the digest of the contents too. */
    @Test
    void pagesReadFromAFileGiveTheDigestOfItsContents() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("jrr-digest-", ".dat");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            Random r = new Random(5);
            byte[] file = new byte[3 * 4096 + 17];
            r.nextBytes(file);
            ch.write(java.nio.ByteBuffer.wrap(file), 0);
            SharedDigest.Pages pages = new SharedDigest.Pages();
            pages.resize(file.length);
            pages.read(ch, 0, file.length);
            assertEquals(SharedDigest.of(file, file.length), pages.digest());
            assertEquals(SharedDigest.of(file, file.length), SharedDigest.of(ch, file.length));
            file[5000] ^= 1; // a change at one place, then growth by a partial page
            ch.write(java.nio.ByteBuffer.wrap(file, 5000, 1), 5000);
            byte[] grown = Arrays.copyOf(file, file.length + 100);
            ch.write(java.nio.ByteBuffer.wrap(grown, file.length, 100), file.length);
            pages.resize(grown.length);
            pages.read(ch, file.length, grown.length);
            pages.read(ch, 5000, 5001);
            assertEquals(SharedDigest.of(grown, grown.length), pages.digest());
        } finally {
            java.nio.file.Files.delete(f);
        }
    }

    @Test
    void filesPastTheLimitAreNotDigested() {
        SharedDigest.Pages pages = new SharedDigest.Pages();
        pages.resize(SharedDigest.LIMIT + 1);
        assertEquals(-1, pages.digest());
    }
}
