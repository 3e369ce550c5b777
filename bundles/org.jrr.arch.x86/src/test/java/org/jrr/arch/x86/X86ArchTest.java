package org.jrr.arch.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.LongStream;

import org.jrr.api.arch.Arch;
import org.jrr.api.arch.Registers;
import org.junit.jupiter.api.Test;

class X86ArchTest {
    private final Arch x64 = new X86_64Arch();
    private final Arch i386 = new I386Arch();

    @Test
    void names() {
        assertEquals("x86_64", x64.name());
        assertEquals("i386", i386.name());
    }

    @Test
    void knownX86_64Numbers() {
        Map<String, Integer> known = Map.of("read", 0, "write", 1, "openat", 257, "exit_group", 231,
                "execve", 59, "mmap", 9, "getrandom", 318, "clone3", 435);
        known.forEach((name, number) -> {
            assertEquals(name, x64.syscallName(number));
            assertEquals(OptionalInt.of(number), x64.syscallNumber(name));
        });
    }

    @Test
    void knownI386Numbers() {
        Map<String, Integer> known = Map.of("exit", 1, "write", 4, "mmap2", 192, "exit_group", 252,
                "socketcall", 102);
        known.forEach((name, number) -> {
            assertEquals(name, i386.syscallName(number));
            assertEquals(OptionalInt.of(number), i386.syscallNumber(name));
        });
        assertEquals(OptionalInt.empty(), x64.syscallNumber("mmap2")); // i386 only
    }

    @Test
    void everyEntryRoundTrips() throws IOException {
        assertRoundTrips(x64, "syscalls-x86_64.txt");
        assertRoundTrips(i386, "syscalls-i386.txt");
    }

    private static void assertRoundTrips(Arch arch, String resource) throws IOException {
        Map<Integer, String> table = readTable(resource);
        assertTrue(table.size() > 300, resource + " has only " + table.size() + " entries");
        int max = -1;
        for (Map.Entry<Integer, String> e : table.entrySet()) {
            assertEquals(e.getValue(), arch.syscallName(e.getKey()), "name of " + e.getKey());
            assertEquals(OptionalInt.of(e.getKey()), arch.syscallNumber(e.getValue()), "number of " + e.getValue());
            max = Math.max(max, e.getKey());
        }
        assertEquals(max, arch.maxSyscallNumber());
        // every number up to the maximum that is not in the table is unknown
        for (int n = 0; n <= max; n++) {
            if (!table.containsKey(n)) {
                assertEquals("syscall_" + n, arch.syscallName(n));
            }
        }
    }

    /** Reads the table independently of SyscallTable, to check it. */
    private static Map<Integer, String> readTable(String resource) throws IOException {
        Map<Integer, String> table = new LinkedHashMap<>();
        try (InputStream in = X86Arch.class.getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
                String[] f = l.split(" ");
                assertEquals(2, f.length, l);
                table.put(Integer.parseInt(f[0]), f[1]);
            });
        }
        return table;
    }

    @Test
    void unknownNumbersAndNames() {
        for (Arch arch : new Arch[] {x64, i386}) {
            int past = arch.maxSyscallNumber() + 1;
            assertEquals("syscall_" + past, arch.syscallName(past));
            assertEquals("syscall_-1", arch.syscallName(-1));
            assertEquals("syscall_" + Integer.MAX_VALUE, arch.syscallName(Integer.MAX_VALUE));
            assertEquals(OptionalInt.empty(), arch.syscallNumber("no_such_syscall"));
            assertEquals(OptionalInt.empty(), arch.syscallNumber(""));
        }
        assertEquals("syscall_400", x64.syscallName(400)); // inside x86_64's gap 335..423
        assertEquals(OptionalInt.empty(), x64.syscallNumber("socketcall")); // i386 only
        assertEquals(OptionalInt.empty(), i386.syscallNumber("syscall_1"));
    }

    @Test
    void x86_64ArgumentRegisters() {
        int[] expected = {Registers.RDI, Registers.RSI, Registers.RDX, Registers.R10, Registers.R8, Registers.R9};
        Registers regs = distinctRegisters();
        for (int i = 0; i < 6; i++) {
            assertEquals(regs.get(expected[i]), x64.syscallArg(regs, i), "argument " + i);
            Registers changed = x64.withSyscallArg(regs, i, 0xdead_beef_cafe_f00dL);
            assertEquals(0xdead_beef_cafe_f00dL, x64.syscallArg(changed, i));
            assertEquals(0xdead_beef_cafe_f00dL, changed.get(expected[i]));
            assertEquals(1, changed.differences(regs).length, "only argument " + i + "'s register changes");
        }
    }

    @Test
    void i386ArgumentRegistersUseLow32Bits() {
        int[] expected = {Registers.RBX, Registers.RCX, Registers.RDX, Registers.RSI, Registers.RDI, Registers.RBP};
        Registers regs = distinctRegisters();
        for (int i = 0; i < 6; i++) {
            long raw = regs.get(expected[i]);
            assertNotEquals(raw, raw & 0xffff_ffffL, "test registers have high bits");
            assertEquals(raw & 0xffff_ffffL, i386.syscallArg(regs, i), "argument " + i);
            Registers changed = i386.withSyscallArg(regs, i, 0xffff_fffeL);
            assertEquals(0xffff_fffeL, i386.syscallArg(changed, i), "zero-extended, not sign-extended");
            assertEquals(0xffff_fffeL, changed.get(expected[i]));
            assertEquals(1, changed.differences(regs).length, "only argument " + i + "'s register changes");
            assertEquals(0x1234_5678L, i386.syscallArg(i386.withSyscallArg(regs, i, 0x7777_0000_1234_5678L), i));
        }
    }

    @Test
    void argumentIndexOutOfRange() {
        Registers regs = distinctRegisters();
        for (Arch arch : new Arch[] {x64, i386}) {
            assertThrows(IndexOutOfBoundsException.class, () -> arch.syscallArg(regs, 6));
            assertThrows(IndexOutOfBoundsException.class, () -> arch.syscallArg(regs, -1));
            assertThrows(IndexOutOfBoundsException.class, () -> arch.withSyscallArg(regs, 6, 0));
        }
    }

    /** Every register different, with high bits set. */
    private static Registers distinctRegisters() {
        return Registers.of(LongStream.range(0, Registers.COUNT).map(i -> 0x1111_0000_0000_0000L * (i % 15 + 1) + 0x100 * i + 7)
                .toArray());
    }
}
