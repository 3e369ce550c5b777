package org.jrr.api.trace;

/** What a {@link Frame} records. A closed set: replay must know how to reproduce each kind. */
public sealed interface Event permits ExecEvent, SyscallEvent, SyscallEntryEvent, CloneEvent, SchedEvent, TrapEvent,
        SignalEvent, ExitEvent, BufferFlushEvent, FileEvent, MemoryEvent,
        OutputEvent, PtraceEvent {
    /** A short name for listings: {@code syscall}, {@code exec}, ... */
    String kind();
}
