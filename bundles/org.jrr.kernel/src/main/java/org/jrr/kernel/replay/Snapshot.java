package org.jrr.kernel.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jrr.api.arch.Registers;
import org.jrr.api.hpc.HpcProvider;
import org.jrr.api.trace.CloneEvent;
import org.jrr.api.trace.ExitEvent;
import org.jrr.api.trace.TraceReader;
import org.jrr.kernel.task.RemoteSyscalls;
import org.jrr.kernel.task.SignalState;
import org.jrr.kernel.task.Task;
import org.jrr.linux.Linux;
import org.jrr.linux.Ptrace;
import org.jrr.linux.WaitStatus;

/**
 * A replay as it stood before frame {@link #frame}, kept to come back to: each task is copied into a stopped
 * process by the tasks themselves (rr's way, never by forking jrr): one injected fork per address space, then,
 * from that copy, one injected clone sharing its memory per further task of the space. Copies never run; going
 * back copies a snapshot again the same way, so it can be restored any number of times. Memory is copy-on-write,
 * so a snapshot costs a few pages until the replay has moved on. Tracer thread only.
 */
final class Snapshot {
    private static final int SYS_CLONE = 56, SYS_GETPID = 39, SYS_RT_SIGPROCMASK = 14, SYS_SIGALTSTACK = 131;
    private static final int SIG_SETMASK = 2, SS_DISABLE = 2, SS_ONSTACK = 1;
    /** Where the copy's kernel state passes through the tracee (jrr's scratch page, left out of digests). */
    private static final long MASK_AT = AddressSpaceBuilder.SCRATCH + 3072, STACK_AT = AddressSpaceBuilder.SCRATCH
            + 3584;

    /** The frame replayed next from here. */
    final long frame;
    /** Where the trace is read on from. */
    final TraceReader.Bookmark at;
    /** The copies, in the replay's order of tasks; they stay stopped. */
    final List<ReplayTask> tasks;
    final int rootTid;
    final ExitEvent exited;
    /** The contents of the emulated files mapped shared then: the copies share them, so they are put back. */
    final Map<org.jrr.api.trace.FileId, byte[]> sharedFiles;

    Snapshot(long frame, TraceReader.Bookmark at, List<ReplayTask> tasks, int rootTid, ExitEvent exited,
            Map<org.jrr.api.trace.FileId, byte[]> sharedFiles) {
        this.sharedFiles = sharedFiles;
        this.frame = frame;
        this.at = at;
        this.tasks = tasks;
        this.rootTid = rootTid;
        this.exited = exited;
    }

    /**
     * Copies {@code from} (stopped tasks, in order): the copies share memory, descriptor tables and handler tables
     * among themselves as the originals do, and stand at syscall-entry stops with the originals' registers, FPU
     * state, signal mask and alternate stack. {@code hpc} null: the copies keep their tick counts still.
     */
    static List<ReplayTask> copy(Collection<ReplayTask> from, long gadget, HpcProvider hpc, Debugger debugger) {
        List<ReplayTask> out = new ArrayList<>();
        List<Registers> regs = new ArrayList<>();
        Map<ReplayTask.Heap, ReplayTask> leaders = new IdentityHashMap<>();
        Map<ReplayTask.Heap, ReplayTask.Heap> heaps = new IdentityHashMap<>();
        Map<StdioEcho, StdioEcho> tables = new IdentityHashMap<>();
        try {
            for (ReplayTask src : from) {
                Registers r = src.task.regs();
                ReplayTask lead = leaders.get(src.heap);
                Task process = lead == null ? fork(src, gadget, debugger) : thread(lead, src, gadget);
                ReplayTask c = src.copy(process, heaps.computeIfAbsent(src.heap, ReplayTask.Heap::copy),
                        tables.computeIfAbsent(src.fds, StdioEcho::copy), src.ticks.frozen());
                out.add(c);
                regs.add(r);
                if (lead == null) {
                    leaders.put(src.heap, c); // a fork: mask and alternate stack came along
                } else {
                    copySignalState(src, c, gadget);
                }
                Linux linux = process.linux();
                linux.setXState(process.tid(), linux.getXState(src.task.tid()));
            }
            for (int i = 0; i < out.size(); i++) {
                ReplayTask c = out.get(i);
                settle(c.task, regs.get(i), gadget);
                if (hpc != null) {
                    c.ticks = c.ticks.continueOn(hpc, c.task.tid());
                }
            }
            return out;
        } catch (RuntimeException | IOException e) {
            discard(out);
            throw e instanceof RuntimeException r ? r
                    : new IllegalStateException("cannot copy the replay's tasks: " + e.getMessage(), e);
        }
    }

    /** The copy of the first task of an address space: a fork, whose parent is jrr, with no exit signal. */
    private static Task fork(ReplayTask src, long gadget, Debugger debugger) {
        long flags = CloneEvent.CLONE_PARENT | (src.clearTid != 0 ? CloneEvent.CLONE_CHILD_CLEARTID : 0);
        debugger.beforeCopy(src); // the copy must not keep the debugger's int3s
        try (RemoteSyscalls remote = RemoteSyscalls.at(src.task, gadget)) {
            return started(src, remote.call(SYS_CLONE, flags, 0, 0, src.clearTid, 0));
        } finally {
            debugger.afterCopy(src);
        }
    }

    /** The copy of a further task of an address space: made by that space's copy, sharing its memory. */
    private static Task thread(ReplayTask lead, ReplayTask src, long gadget) {
        long flags = CloneEvent.CLONE_VM | CloneEvent.CLONE_SIGHAND | CloneEvent.CLONE_PARENT
                | (src.clearTid != 0 ? CloneEvent.CLONE_CHILD_CLEARTID : 0);
        try (RemoteSyscalls remote = RemoteSyscalls.at(lead.task, gadget)) {
            return started(src, remote.call(SYS_CLONE, flags, 0, 0, src.clearTid, 0));
        }
    }

    private static Task started(ReplayTask src, long r) {
        if (r <= 0) {
            throw new IllegalStateException("cannot copy " + src + ": clone returned "
                    + (r < 0 && r > -4096 ? src.task.linux().strerror((int) -r) : Long.toString(r)));
        }
        Task child = new Task(src.task.linux(), (int) r);
        WaitStatus st = child.waitStop();
        if (!st.stopped()) {
            throw new IllegalStateException("the copy of " + src + " ended at once (" + st + ")");
        }
        return child;
    }

    /** A clone sharing memory starts with its creator's mask and no alternate stack: the original's are set. */
    private static void copySignalState(ReplayTask src, ReplayTask c, long gadget) throws IOException {
        long mask = SignalState.of(src.task.tid()).blocked();
        byte[] stack;
        try (RemoteSyscalls remote = RemoteSyscalls.at(src.task, gadget)) {
            remote.check("reading the alternate signal stack", SYS_SIGALTSTACK, 0, STACK_AT);
            stack = src.task.memory().read(STACK_AT, 24);
        }
        ByteBuffer b = ByteBuffer.wrap(stack).order(ByteOrder.LITTLE_ENDIAN);
        int flags = b.getInt(8);
        c.task.memory().writeLong(MASK_AT, mask);
        try (RemoteSyscalls remote = RemoteSyscalls.at(c.task, gadget)) {
            remote.check("setting the signal mask", SYS_RT_SIGPROCMASK, SIG_SETMASK, MASK_AT, 0, 8);
            if ((flags & SS_DISABLE) == 0) {
                b.putInt(8, flags & ~SS_ONSTACK);
                c.task.memory().write(STACK_AT, b.array());
                remote.check("setting the alternate signal stack", SYS_SIGALTSTACK, STACK_AT, 0);
            }
        }
    }

    /**
     * Leaves a copy at a PTRACE_SYSEMU syscall-entry stop, where replayed tasks wait between their frames, with
     * {@code regs}: whatever stop the original was at, resuming either one then does the same.
     */
    private static void settle(Task copy, Registers regs, long gadget) {
        copy.setRegs(regs.with(Registers.RIP, gadget).with(Registers.RAX, SYS_GETPID)
                .with(Registers.ORIG_RAX, -1));
        copy.resume(Ptrace.SYSEMU, 0);
        WaitStatus st = copy.waitStop();
        if (!st.syscallStop()) {
            throw new IllegalStateException("the copy " + copy.tid() + " did not reach its syscall stop (" + st
                    + ")");
        }
        copy.setRegs(regs);
    }

    /** Ends the copies of this snapshot. */
    void discard() {
        discard(tasks);
    }

    static void discard(List<ReplayTask> copies) {
        for (ReplayTask c : copies) {
            c.task.killAndWait();
            c.close();
        }
    }
}
