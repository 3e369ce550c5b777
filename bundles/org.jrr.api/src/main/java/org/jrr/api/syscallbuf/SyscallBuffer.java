package org.jrr.api.syscallbuf;

import java.io.IOException;
import java.util.List;
import org.jrr.api.syscall.TraceeMemory;
import org.jrr.api.trace.BufferFlushEvent;
import org.jrr.api.trace.MemWrite;

/**
 * The syscall buffer (rr's syscallbuf). A library preloaded into recorded programs makes their cheap syscalls
 * itself, through an entry point the seccomp filter lets through without a ptrace stop, and logs each, with what
 * the kernel wrote, in a buffer of its thread. The kernel takes a thread's records (a flush) at every stop of the
 * thread it records, before anything else of it is recorded. Replay puts a flush's records back into the buffer
 * before the thread runs on; the library takes each call's result from its record instead of making the call, and
 * checks that the call is the record's. With no such service, or with {@code jrr record -n}, every syscall is
 * traced.
 *
 * <p>Calls that may block (a futex wait, a pipe read) arm a context-switch counter around them (desched): if the
 * thread blocks, its signal stops the thread, and the kernel turns the call into a traced one, so other threads
 * can run meanwhile, and tells the library to drop its record ({@link #abortCommit}).
 */
public interface SyscallBuffer {
    /** What a recorded program needs, from its start. */
    Setup setup();

    /**
     * The name of the protocol between jrr and the library (the records' layout, how calls aim their outputs): a
     * trace replays only with the protocol it was recorded with.
     */
    default String protocol() {
        return "";
    }

    /** The page of entry points as replay maps it, at {@link Setup#pageAddress()}. */
    byte[] replayPage();

    /**
     * Replay: the address after the syscall instruction of the entry whose calls replay makes for real (calls
     * whose effect the replayed program must have too, such as madvise): where a replayed task stops at a syscall
     * there, jrr makes it and the task runs on. 0: none.
     */
    default long replayExecutedIp() {
        return 0;
    }

    /** What a syscall the library makes of jrr asks for, by its number and arguments; null for any other. */
    Request request(int number, long[] args);

    /**
     * The records committed in the buffer at {@code buffer} after its first {@code from} record bytes, checked to be
     * whole records.
     */
    Contents read(TraceeMemory memory, long buffer, int from) throws IOException;

    /** The syscalls in records as {@link #read} returns them (for listings and messages). */
    List<BufferedCall> decode(byte[] records);

    /** The write that tells the library its call in progress was recorded as a traced syscall. */
    MemWrite abortCommit(long buffer);

    /**
     * Recording: the write that tells the library whether jrr has another task ready to run (a sched_yield then goes
     * to jrr, which switches; else it is buffered). Not part of the trace: replay follows the records. Null: no such
     * flag (yields are always traced).
     */
    default MemWrite othersReady(long buffer, boolean ready) {
        return null;
    }

    /**
     * Recording: the write that tells the library of an address space that a file is mapped shared in the recording:
     * it traces reads and writes of descriptors {@link #tracedFd} does not cover from then on. Part of the trace.
     * Null: no such flag (a library that buffers reads and writes of files must then have one).
     */
    default MemWrite filesMappedShared() {
        return null;
    }

    /**
     * Recording: the write that tells the library of an address space to buffer nothing from then on: the process
     * has a seccomp filter of its own, which must see every syscall where the program makes it. Part of the trace.
     * Null: the library has no such switch.
     */
    default MemWrite bufferNothing() {
        return null;
    }

    /**
     * Recording: the write that tells the library of an address space whether descriptor {@code fd} refers to a file
     * mapped shared in the recording: then it traces reads and writes of it, for jrr to record what each write changes
     * in the mappings and to check them at each read; others stay buffered. Part of the trace. Null: {@code fd} is
     * beyond the library's table ({@link #filesMappedShared} covers it).
     */
    default MemWrite tracedFd(int fd, boolean traced) {
        return null;
    }

    /** The write that empties the buffer, once jrr has taken its records at the library's {@link Request.Flush}. */
    MemWrite empty(long buffer);

    /**
     * Replay: the writes that put a flush's records back into its buffer, and tell the library they end there.
     */
    List<MemWrite> replayRecords(BufferFlushEvent flush);

    /** The record bytes the library has committed (recording) or taken (replaying) in the buffer at {@code buffer}. */
    int committed(TraceeMemory memory, long buffer) throws IOException;
}
