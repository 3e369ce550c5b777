package org.jrr.kernel.record;

import java.io.IOException;
import org.jrr.api.arch.Registers;
import org.jrr.api.syscallbuf.Contents;
import org.jrr.api.syscallbuf.Request;
import org.jrr.api.syscallbuf.Setup;
import org.jrr.api.syscallbuf.SyscallBuffer;
import org.jrr.api.trace.BufferFlushEvent;
import org.jrr.api.trace.MemWrite;
import org.jrr.kernel.exec.MapsEntry;
import org.jrr.kernel.sched.Restarts;
import org.jrr.kernel.services.KernelServices;
import org.jrr.kernel.task.Siginfo;
import org.jrr.linux.LinuxException;
import org.jrr.linux.perf.PerfEvent;

/**
 * The syscall buffer, recording side: the tracees' buffers, their flushes into the trace, the preload library's
 * requests, and the desched events that turn a buffered syscall that blocks into a traced one. Tracer thread only.
 */
final class Buffering {
    /** One buffer: a thread's, also used by a vfork child that runs on the thread's memory meanwhile. */
    static final class Buffer {
        final long address, size;
        /** The thread that registered it: its desched counter is jrr's to close. */
        final int owner;
        /** Record bytes already in the trace. */
        int cursor;
        /** The library asked jrr to take every record and starts again from empty when its request returns. */
        boolean emptied;
        /** jrr's copy of the thread's desched counter, or null. */
        PerfEvent desched;
        /** What the buffer's others-ready flag says (jrr writes it only when that changes). */
        boolean othersReady;

        Buffer(long address, long size, int owner, int cursor, PerfEvent desched) {
            this.address = address;
            this.size = size;
            this.owner = owner;
            this.cursor = cursor;
            this.desched = desched;
        }

        /** A forked child's copy: the same records, and no desched counter of its own (its library starts anew). */
        Buffer copy(int child) {
            Buffer b = new Buffer(address, size, child, cursor, null);
            b.othersReady = othersReady; // the child's memory has the flag as it was
            return b;
        }

        void close() {
            if (desched != null) {
                desched.close();
                desched = null;
            }
        }
    }

    private final SyscallBuffer service;
    private final Setup setup;
    /** The library's real path, as the tracees' maps name it (looked up at the first request). */
    private String library;
    private final KernelServices services;

    Buffering(SyscallBuffer service, Setup setup, KernelServices services) {
        this.service = service;
        this.setup = setup;
        this.services = services;
    }

    Setup setup() {
        return setup;
    }

    /**
     * The write (made now in {@code t}'s memory, and recorded by the caller, so replay's library sees it too) that
     * tells the library of {@code t}'s address space that a file is mapped shared in the recording, or null.
     */
    /** The write (made now, recorded by the caller) that stops {@code t}'s library from buffering, or null. */
    MemWrite bufferNothing(RecordTask t) throws IOException {
        return made(t, service.bufferNothing());
    }

    MemWrite filesMappedShared(RecordTask t) throws IOException {
        return made(t, service.filesMappedShared());
    }

    /**
     * The write (made now, recorded by the caller) that tells the libraries of {@code t}'s address space whether
     * writes to descriptor {@code fd} are to be traced (it refers to a file mapped shared there), or null.
     */
    MemWrite tracedFd(RecordTask t, int fd, boolean traced) throws IOException {
        return made(t, service.tracedFd(fd, traced));
    }

    private static MemWrite made(RecordTask t, MemWrite w) throws IOException {
        if (w != null) {
            t.task.memory().write(w.address(), w.data());
        }
        return w;
    }

    /** Tells {@code t}'s library whether another task is ready to run (where its sched_yield goes). */
    void othersReady(RecordTask t, boolean ready) throws IOException {
        Buffer b = t.buffer;
        if (b == null || b.othersReady == ready) {
            return;
        }
        MemWrite w = service.othersReady(b.address, ready);
        if (w != null) {
            t.task.memory().write(w.address(), w.data());
            b.othersReady = ready;
        }
    }

    /**
     * The request a syscall at its entry makes of jrr, or null for an ordinary one. Only the preload library asks:
     * the same number from anywhere else (a program trying syscall 1000) is an ordinary syscall.
     */
    Request request(RecordTask t, Registers regs, long[] args) throws IOException {
        Request request = service.request((int) regs.origAx(), args);
        if (request == null) {
            return null;
        }
        long at = regs.ip() - 2; // the syscall instruction
        if (library == null) {
            library = setup.library().toRealPath().toString();
        }
        for (MapsEntry m : MapsEntry.read(t.task.tid())) {
            if (at >= m.start() && at < m.end()) {
                return m.path().equals(library) ? request : null;
            }
        }
        return null;
    }

    /** Answers a request of {@code t}'s library; returns the value its syscall returns. */
    long answer(RecordTask t, Request request) {
        return switch (request) {
            case Request.Register r -> {
                PerfEvent desched = null;
                if (r.deschedFd() >= 0) {
                    try {
                        desched = services.perf().borrow(t.tid(), r.deschedFd());
                    } catch (LinuxException | UnsupportedOperationException e) {
                        yield -38; // ENOSYS: without jrr's hold on its counter the thread buffers nothing
                    }
                }
                if (t.buffer != null && t.buffer.owner == t.tid()) {
                    t.buffer.close();
                }
                t.buffer = new Buffer(r.buffer(), r.size(), t.tid(), 0, desched);
                t.addressSpace.scratch.add(new long[] {r.buffer(), r.buffer() + r.size()});
                yield t.tid();
            }
            case Request.Diverged d -> -38; // a replay's request: never made when recording
            case Request.Flush f -> {
                if (t.buffer != null) {
                    t.buffer.emptied = true; // jrr empties it at the request's exit; its records are in the trace
                }
                yield 0;
            }
        };
    }

    /**
     * At the exit of {@code t}'s syscall: when the library asked for it, the write that empties the buffer (made
     * here, so that no signal handler can run between the flush and the emptying), else null.
     */
    MemWrite emptyIfAsked(RecordTask t) throws IOException {
        if (t.buffer == null || !t.buffer.emptied) {
            return null;
        }
        t.buffer.emptied = false;
        t.buffer.cursor = 0;
        MemWrite w = service.empty(t.buffer.address);
        t.task.memory().write(w.address(), w.data());
        return w;
    }

    /**
     * The buffered syscalls {@code t} made since its last flush, as an event, or null when there are none: their
     * records as they lie in the buffer, which hold what the kernel wrote for each (the library put it there).
     */
    BufferFlushEvent flush(RecordTask t) throws IOException {
        Buffer b = t.buffer;
        if (b == null) {
            return null;
        }
        int from = b.cursor;
        Contents c = service.read(t.task.memory(), b.address, from);
        if (c.records().length == 0) {
            return null;
        }
        b.cursor = c.end();
        return new BufferFlushEvent(b.address, from, c.records());
    }

    /** The syscalls of a flush. */
    java.util.List<org.jrr.api.syscallbuf.BufferedCall> calls(BufferFlushEvent flush) {
        return service.decode(flush.records());
    }

    /** Whether a signal stop of {@code t} is its desched counter's (the kernel's, from the counter's fd). */
    boolean isDesched(RecordTask t, int sig, Siginfo info) {
        return t.buffer != null && sig == setup.deschedSignal() && info.code() > 0;
    }

    /** Whether {@code t}, stopped with {@code regs}, was taken out of a buffered syscall that blocked. */
    boolean blockedIn(RecordTask t, Registers regs) {
        return t.buffer != null && regs.ip() == setup.bufferedIp() && regs.origAx() >= 0
                && Restarts.isRestart(regs.ax());
    }

    /** Stops {@code t}'s desched counter from firing again while its blocked call runs as a traced one. */
    void disarm(RecordTask t) {
        if (t.buffer != null && t.buffer.desched != null) {
            try {
                t.buffer.desched.disable();
            } catch (LinuxException e) {
                // the thread is gone, or closed its counter: nothing left to fire
            }
        }
    }

    /** The write that makes the library drop the record of the call {@code t} just made as a traced syscall. */
    MemWrite abortCommit(RecordTask t) throws IOException {
        MemWrite w = service.abortCommit(t.buffer.address);
        t.task.memory().write(w.address(), w.data());
        return w;
    }
}
