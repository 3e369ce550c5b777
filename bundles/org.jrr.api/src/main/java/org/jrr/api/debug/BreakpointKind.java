package org.jrr.api.debug;

/** What a breakpoint watches: an instruction (in memory or in a debug register) or data. */
public enum BreakpointKind {
    /** An instruction, with int3 in the tracee's memory (hidden from memory reads). */
    SOFTWARE,
    /** An instruction, with a debug register. */
    HARDWARE,
    /** Data written. */
    WRITE,
    /** Data read (x86 cannot watch reads alone: such a watchpoint also stops at writes). */
    READ,
    /** Data read or written. */
    ACCESS;

    public boolean watchesData() {
        return this == WRITE || this == READ || this == ACCESS;
    }
}
