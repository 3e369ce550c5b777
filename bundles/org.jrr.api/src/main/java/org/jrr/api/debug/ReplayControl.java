package org.jrr.api.debug;

import java.util.List;
import org.jrr.api.arch.Registers;

/**
 * A replay that a debugger drives: one process of the recorded tree (its threads are the tasks), stopped between
 * resumes. Provided by the kernel through {@link DebugReplayer}. Any thread may call it; calls are serialized,
 * and all but {@link #interrupt()} wait while the replay runs. Failures are {@code JrrException}s; a divergence
 * ends the replay.
 */
public interface ReplayControl extends AutoCloseable {
    /** The task of the last stop (the initial stop: the debugged process's first task). */
    Stop lastStop();

    /** The live tasks of the debugged process, in creation order. */
    List<TaskId> tasks();

    /** The general-purpose registers of {@code task}. */
    Registers registers(TaskId task);

    /** The x87/SSE state of {@code task}: the 512-byte FXSAVE area. */
    byte[] fpRegisters(TaskId task);

    /**
     * The whole extended state of {@code task} (x87, SSE, AVX, AVX-512): the XSAVE area in the standard layout
     * ptrace gives ({@code NT_X86_XSTATE}), whose first 512 bytes are the FXSAVE area. A replay that cannot read
     * it gives the FXSAVE area alone.
     */
    default byte[] xstate(TaskId task) {
        return fpRegisters(task);
    }

    /**
     * Where the XSAVE components beyond SSE (2: AVX, 5–7: AVX-512, …) that the CPU has enabled start in
     * {@link #xstate}, by component number, as CPUID leaf 0xD says; they differ between CPU makers. Empty when
     * {@link #xstate} is the FXSAVE area alone.
     */
    default java.util.Map<Integer, Integer> xstateOffsets() {
        return java.util.Map.of();
    }

    /** Up to {@code length} bytes at {@code address}, fewer where memory ends; software breakpoints hidden. */
    byte[] readMemory(TaskId task, long address, int length);

    /**
     * Inserts a breakpoint or watchpoint for the debugged process; false when it cannot be (no debug register
     * left, a length the hardware cannot watch). Inserting one that exists counts it once more.
     */
    boolean insert(BreakpointKind kind, long address, int length);

    /** Removes one insertion; false when there was none. */
    boolean remove(BreakpointKind kind, long address, int length);

    /** Runs as asked and returns the next stop. Blocks until then; {@link #interrupt()} ends a long run. */
    Stop resume(Resume how);

    /** From any thread: makes a running {@link #resume} stop soon, with {@link Stop.Interrupted}. */
    void interrupt();

    /** The number of the trace event the replay is at (the next one to replay), as {@code jrr dump} numbers. */
    long event();

    /** The task's auxiliary vector as the kernel gave it when recorded (raw words). */
    byte[] auxv(TaskId task);

    /**
     * The task's memory map as the replay has it now, in {@code /proc/PID/maps} form (gdb reads it to find the
     * vDSO, and for {@code info proc mappings}); jrr's own pages left out. Empty if the replay cannot say.
     */
    default String memoryMap(TaskId task) {
        return "";
    }

    /** The path of the program the task runs (as recorded). */
    String executable(TaskId task);

    /** The siginfo of the signal the task last stopped for (128 bytes), or empty if none. */
    byte[] siginfo(TaskId task);

    /**
     * The recorded CPU's features that matter to a debugger's register set: {@code avx}, {@code avx512} where
     * the state of those registers is in {@link #xstate}.
     */
    java.util.Set<String> cpuFeatures();

    /** Saves the current moment as a checkpoint. */
    default Checkpoint checkpoint() {
        throw new UnsupportedOperationException("this replay cannot make checkpoints");
    }

    /** The checkpoints made so far, by number. */
    default List<Checkpoint> checkpoints() {
        return List.of();
    }

    /** Forgets a checkpoint; false if there is none of that number. */
    default boolean deleteCheckpoint(int number) {
        return false;
    }

    /** Takes the replay to {@code where}, and returns the stop there. */
    default Stop restart(Restart where) {
        throw new UnsupportedOperationException("this replay cannot restart");
    }

    /** A copy of {@code task} as it stands now, to change and run without changing the replay. */
    default Diversion divert(TaskId task) {
        throw new UnsupportedOperationException("this replay cannot make diversions");
    }

    /** Ends the replay and its processes. */
    @Override
    void close();
}
