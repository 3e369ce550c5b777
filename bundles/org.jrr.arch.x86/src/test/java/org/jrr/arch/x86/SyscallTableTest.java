package org.jrr.arch.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class SyscallTableTest {
    private static SyscallTable parse(String text) throws IOException {
        return SyscallTable.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "test");
    }

    @Test
    void commentsBlanksAndGaps() throws IOException {
        SyscallTable t = parse("# comment\n\n0 read\n  5 fstat  \n");
        assertEquals("read", t.name(0));
        assertEquals("fstat", t.name(5));
        assertEquals("syscall_3", t.name(3));
        assertEquals(5, t.max());
        assertEquals(OptionalInt.of(5), t.number("fstat"));
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("0 read\nx write\n"));
        assertTrue(e.getMessage().startsWith("test:2:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("0 read\n0 write\n"));
        assertThrows(IllegalArgumentException.class, () -> parse("0 read\n1 read\n"));
        assertThrows(IllegalArgumentException.class, () -> parse("-1 read\n"));
        assertThrows(IllegalArgumentException.class, () -> parse("1 read extra\n"));
        assertThrows(IllegalArgumentException.class, () -> parse("# empty\n"));
    }

    @Test
    void missingResource() {
        assertThrows(IllegalStateException.class, () -> SyscallTable.load("no-such-table.txt"));
    }
}
