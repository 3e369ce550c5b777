package org.jrr.api.debug;

import org.jrr.api.arch.Registers;

/**
 * A copy of one task of the replay, in a process of its own with a copy of its memory, that the debugger may
 * change and run (gdb's {@code call f()}, {@code print f(x)}, {@code set var}) while the replay stays as it
 * was. Runs for real: its syscalls are not the recording's. Made by {@link ReplayControl#divert}; closing it
 * ends the copy. Calls are serialized with the replay's; {@link ReplayControl#interrupt()} stops a long run.
 */
public interface Diversion extends AutoCloseable {
    /** The task this is a copy of. */
    TaskId task();

    Registers registers();

    void setRegisters(Registers regs);

    /** The x87/SSE state: the 512-byte FXSAVE area. */
    byte[] fpRegisters();

    void setFpRegisters(byte[] fxsave);

    /** The XSAVE area, as {@link ReplayControl#xstate} gives it. */
    default byte[] xstate() {
        return fpRegisters();
    }

    /** Sets the extended state from a changed {@link #xstate()}; the components marked in use are taken. */
    default void setXState(byte[] xsave) {
        throw new UnsupportedOperationException("this diversion cannot set AVX registers");
    }

    /** Up to {@code length} bytes at {@code address}, fewer where memory ends; software breakpoints hidden. */
    byte[] readMemory(long address, int length);

    /** False where the memory cannot be written. */
    boolean writeMemory(long address, byte[] data);

    /** A software or hardware breakpoint (an int3 either way); false for watchpoints, which are not offered. */
    boolean insert(BreakpointKind kind, long address, int length);

    boolean remove(BreakpointKind kind, long address, int length);

    /** Runs forward (continue, or a step of this task) and returns the next stop; never backward. */
    Stop resume(Resume how);

    @Override
    void close();
}
