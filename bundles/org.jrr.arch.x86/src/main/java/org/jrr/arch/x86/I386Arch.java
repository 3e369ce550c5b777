package org.jrr.arch.x86;

import org.jrr.api.arch.Arch;
import org.jrr.api.arch.Registers;
import org.osgi.service.component.annotations.Component;

/**
 * The i386 ABI of a 32-bit tracee: {@code int 0x80}/{@code sysenter} with arguments in ebx, ecx, edx, esi,
 * edi, ebp. PTRACE_GETREGS still reports the 64-bit register file, so an argument is the low 32 bits of
 * the matching 64-bit register, zero-extended; a written argument is truncated to 32 bits the same way.
 */
@Component(service = Arch.class, property = "jrr.name=i386")
public final class I386Arch extends X86Arch {
    public I386Arch() {
        super("i386", "syscalls-i386.txt",
                new int[] {Registers.RBX, Registers.RCX, Registers.RDX, Registers.RSI, Registers.RDI, Registers.RBP},
                0xffff_ffffL);
    }
}
