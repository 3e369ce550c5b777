package org.jrr.kernel.record;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.jrr.api.arch.Registers;
import org.jrr.api.syscall.SyscallHandler;
import org.jrr.kernel.task.Task;
import org.jrr.kernel.ticks.TaskTicks;
import org.jrr.linux.WaitStatus;

/** One recorded thread and what the recorder knows of it between its stops. Tracer thread only. */
final class RecordTask {
    Task task;
    final int tgid;
    int nice;
    /** Stops reported by wait and not handled yet, oldest first. */
    final ArrayDeque<WaitStatus> stops = new ArrayDeque<>();
    /** Stopped by the scheduler at a switch point, to be resumed into its own code with {@link #parkedSig}. */
    boolean parked;
    int parkedSig;
    /** A new task whose first stop (the attach stop) is still to come. */
    boolean fresh;
    /** Past the exec of the recorded program: its events are recorded. */
    boolean started;
    /** Registers when last resumed into its own code: a signal stop with the same registers ran no code. */
    Registers resumedAt;
    /** Signals that arrived while the task ran its own code, to be delivered again at its next syscall. */
    final ArrayDeque<byte[]> stashed = new ArrayDeque<>();
    /** Taken-back signals sent again and not delivered yet, by number, with their original siginfo. */
    final java.util.Map<Integer, byte[]> inFlight = new java.util.HashMap<>();
    /** Interrupted at a best-effort point and not at a syscall since: others go first, whatever its priority. */
    boolean spinning;
    boolean exitRecorded;
    /** jrr asked the kernel to stop it (PTRACE_INTERRUPT) at the end of a slice without syscalls. */
    boolean interruptRequested;
    long sliceStart;
    boolean yielded;
    /** The task's address space: tasks created with CLONE_VM share the object. */
    AddressSpace addressSpace;
    /** The task's scratch memory (see ScratchMemory), 0 until mapped. */
    long scratch;
    /** The arguments of the current syscall pointed at scratch. */
    List<ScratchMemory.Redirect> redirects = List.of();
    /** Its tick counter, counting since its creation or last exec. */
    TaskTicks ticks = TaskTicks.NONE;
    /** The syscall buffer it uses, or null (no preload library, not yet registered, or traced only). */
    Buffering.Buffer buffer;
    /**
     * Taken out of a buffered syscall that blocked: it runs with PTRACE_SYSCALL until it makes that syscall again
     * (the kernel's restart, at once or after a signal handler), which is then recorded as a traced one.
     */
    boolean deschedRestart;
    /**
     * Events that follow the task's next frame, the one where it arrives at its current stop, in the order they
     * happened: what its syscall or its buffered calls did to files mapped shared, checks of them, output the kernel
     * moved to stdout from a file.
     */
    final List<org.jrr.api.trace.Event> following = new java.util.ArrayList<>();
    /** The tid the task had when its current execve began, when an exec from a non-leader thread changed it. */
    int formerTid;

    // the syscall the task is in
    boolean inSyscall;
    Registers entryRegs;
    Optional<SyscallHandler> handler = Optional.empty();
    /** The program's own rdtsc and cpuid settings, which jrr answers for the kernel. */
    ProgramTraps traps = new ProgramTraps();
    boolean refused;
    boolean execEventSeen;
    /** In a syscall that is taking long: other tasks run meanwhile. */
    boolean blocked;
    /** The syscall's entry is already in the trace (a syscall-entry or clone frame). */
    boolean entryRecorded;
    /** The syscall is a buffered one that blocked: its record is dropped when it ends. */
    boolean aborting;
    /** What jrr answers a request of the preload library with (the syscall is skipped), or null. */
    Long reply;
    /** When others may run while it is in its current syscall. */
    OthersRun othersRun = OthersRun.AFTER_PATIENCE;

    /** When other tasks may run while a task is in a syscall. */
    enum OthersRun {
        /** Once the call has taken a while (it does not usually block, or the kernel writes its memory). */
        AFTER_PATIENCE,
        /** At once: it may block, and the kernel writes nothing in the program's memory before its exit. */
        AT_ONCE,
        /** Once it sleeps: the kernel stores in place before the call sleeps (a PI lock's waiters bit). */
        ONCE_ASLEEP,
        /**
         * Once it waits for another task (an interruptible sleep: a full pipe, a peer), not while the kernel does
         * I/O for it: the call writes to a descriptor, and several tasks' writes to one pipe or file are then
         * recorded in the order the kernel made them, which replay -a prints them in.
         */
        ONCE_WAITING
    }

    RecordTask(Task task, int tgid, int nice) {
        this.task = task;
        this.tgid = tgid;
        this.nice = nice;
        this.sliceStart = System.nanoTime();
        this.addressSpace = new AddressSpace(tgid);
    }

    int tid() {
        return task.tid();
    }

    boolean leader() {
        return tid() == tgid;
    }

    /** Ready for the scheduler: it has a stop to handle or waits to be resumed. */
    boolean ready() {
        return !stops.isEmpty() || parked;
    }

    void enterSyscall(Registers regs) {
        inSyscall = true;
        entryRegs = regs;
        handler = Optional.empty();
        refused = false;
        execEventSeen = false;
        blocked = false;
        entryRecorded = false;
        othersRun = OthersRun.AFTER_PATIENCE;
        aborting = false;
        reply = null;
    }

    void close() {
        if (buffer != null && buffer.owner == tid()) {
            buffer.close();
        }
        ticks.close();
        task.close();
    }

    @Override
    public String toString() {
        return "task " + tid();
    }

    /** What the recorder tracks of an address space: jrr's scratch areas in it, live or left by gone tasks. */
    static final class AddressSpace {
        /**
         * The process whose address space this is (made by its exec or fork): its descriptor table is the one the
         * syscall buffer's table of traced descriptors describes (a vfork child's changes to its own are not).
         */
        final int owner;
        /** jrr's scratch areas and the syscall buffers in it, as start and end: not the program's memory. */
        final List<long[]> scratch = new java.util.ArrayList<>();
        /** Its MAP_SHARED file mappings. */
        SharedFileMaps sharedFiles = new SharedFileMaps();
        /** The descriptors whose writes its syscall buffer traces (they refer to files mapped shared here). */
        java.util.BitSet tracedFds = new java.util.BitSet();

        AddressSpace(int owner) {
            this.owner = owner;
        }

        /** The copy a child forked by process {@code child} gets. */
        AddressSpace copy(int child) {
            AddressSpace a = new AddressSpace(child);
            scratch.forEach(r -> a.scratch.add(r.clone()));
            a.sharedFiles = sharedFiles.copy();
            a.tracedFds = (java.util.BitSet) tracedFds.clone();
            return a;
        }
    }
}
