package org.jrr.it.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jrr.api.arch.Arch;
import org.jrr.arch.x86.X86_64Arch;
import org.jrr.kernel.syscall.Refused;
import org.jrr.syscalls.StandardSpecs;
import org.jrr.syscalls.spec.SyscallSpec;
import org.junit.jupiter.api.Test;

/**
 * Every entry of the x86-64 syscall table has a standard handler, is created by the kernel bundle itself, or is
 * refused with a reason: none is left to be recorded by guesswork.
 */
class SyscallTableTest {
    /** The calls that make tasks: the kernel bundle creates a task in replay for each (see Clones). */
    private static final Set<String> KERNEL_OWN = Set.of("clone", "fork", "vfork");

    @Test
    void everySyscallHasAHandlerOrARefusal() {
        Arch arch = new X86_64Arch();
        Set<String> handled = new HashSet<>();
        for (SyscallSpec spec : StandardSpecs.all()) {
            handled.add(spec.name());
        }
        List<String> neither = new ArrayList<>();
        List<String> both = new ArrayList<>();
        int entries = 0;
        for (int nr = 0; nr <= arch.maxSyscallNumber(); nr++) {
            String name = arch.syscallName(nr);
            if (name.startsWith("syscall_")) {
                continue; // a gap in the table: refused as a call jrr does not know
            }
            entries++;
            boolean has = handled.contains(name) || KERNEL_OWN.contains(name);
            if (!has && !Refused.refuse(name)) {
                neither.add(nr + " " + name);
            }
            if (has && Refused.refuse(name) && !name.equals("rseq")) {
                both.add(nr + " " + name);
            }
        }
        assertTrue(entries > 360, "the table has " + entries + " entries: is it the whole table?");
        assertEquals(List.of(), neither, "syscalls with neither a handler nor a refusal");
        assertEquals(List.of(), both, "syscalls with a handler that is never used, since they are refused");
        assertEquals("file_setattr", arch.syscallName(469), "the table reaches Linux 6.17");
    }

    @Test
    void everyRefusalNamesARealSyscall() {
        Arch arch = new X86_64Arch();
        for (String name : Refused.names()) {
            assertTrue(arch.syscallNumber(name).isPresent(), name + " is refused but not in the table");
        }
    }
}
