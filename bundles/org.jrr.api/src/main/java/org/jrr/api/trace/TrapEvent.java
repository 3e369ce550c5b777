package org.jrr.api.trace;

import org.jrr.api.arch.Registers;

/**
 * An instruction jrr traps and emulates because its result is not deterministic.
 *
 * @param instruction which one
 * @param before      registers at the trap (ip at the instruction)
 * @param after       registers after emulation (ip past it, results in place)
 */
public record TrapEvent(Instruction instruction, Registers before, Registers after) implements Event {
    /** The trapped instructions. */
    public enum Instruction { RDTSC, RDTSCP, CPUID }

    @Override
    public String kind() {
        return "trap";
    }
}
