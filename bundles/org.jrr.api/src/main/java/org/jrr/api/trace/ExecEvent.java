package org.jrr.api.trace;

import java.util.List;
import org.jrr.api.arch.Registers;

/**
 * A successful execve: the new address space as the kernel built it (after jrr's vDSO patch), and the registers
 * the new program starts with.
 *
 * @param exe      the path of the new executable
 * @param arch     its ABI
 * @param regs     registers at the exec stop
 * @param mappings every mapping to recreate, in address order
 * @param memory   contents of the mappings whose bytes are not those of a trace file (stack, data, vDSO)
 */
public record ExecEvent(String exe, String arch, Registers regs, List<Mapping> mappings, List<MemWrite> memory)
        implements Event {
    public ExecEvent {
        mappings = List.copyOf(mappings);
        memory = List.copyOf(memory);
    }

    @Override
    public String kind() {
        return "exec";
    }
}
