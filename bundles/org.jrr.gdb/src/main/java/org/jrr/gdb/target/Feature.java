package org.jrr.gdb.target;

import java.util.List;

/** A {@code <feature>} of a target description: the types it defines (XML) and its registers. */
public record Feature(String name, String types, List<GdbRegister> registers) {
    public Feature {
        registers = List.copyOf(registers);
    }
}
