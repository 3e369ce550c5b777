package org.jrr.arch.x86;

import org.jrr.api.arch.Arch;
import org.jrr.api.arch.Registers;
import org.osgi.service.component.annotations.Component;

/** The x86-64 ABI: {@code syscall} with arguments in rdi, rsi, rdx, r10, r8, r9. */
@Component(service = Arch.class, property = "jrr.name=x86_64")
public final class X86_64Arch extends X86Arch {
    public X86_64Arch() {
        super("x86_64", "syscalls-x86_64.txt",
                new int[] {Registers.RDI, Registers.RSI, Registers.RDX, Registers.R10, Registers.R8, Registers.R9},
                -1L);
    }
}
