package org.jrr.cli;

import java.util.function.Supplier;
import org.jrr.api.JrrException;
import org.jrr.api.arch.Arch;
import org.jrr.api.debug.DebugFrontend;
import org.jrr.api.debug.DebugReplayer;
import org.jrr.api.session.Recorder;
import org.jrr.api.session.Replayer;
import org.jrr.api.session.SystemCheck;
import org.jrr.api.session.TraceStore;
import org.jrr.api.syscallbuf.SyscallBuffer;

/** The services commands use, looked up when needed, with a clear error when a bundle is missing. */
record Services(Supplier<Recorder> recorder, Supplier<Replayer> replayer, Supplier<TraceStore> store,
                Supplier<Arch> arch, Supplier<SystemCheck> systemCheck, Supplier<DebugReplayer> debugReplayer,
                Supplier<DebugFrontend> gdb, Supplier<SyscallBuffer> buffer) {
    private static <T> T await(Supplier<T> s, String what) {
        return await(s, what, "org.jrr.kernel");
    }

    private static <T> T await(Supplier<T> s, String what, String bundle) {
        long deadline = System.nanoTime() + 3_000_000_000L; // DS may still be activating at start-up
        T v;
        while ((v = s.get()) == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (v == null) {
            throw new JrrException(what + " is not available: is the " + bundle + " bundle running?");
        }
        return v;
    }

    Recorder needRecorder() {
        return await(recorder, "the recorder");
    }

    Replayer needReplayer() {
        return await(replayer, "the replayer");
    }

    DebugReplayer needDebugReplayer() {
        return await(debugReplayer, "the replayer for debugging");
    }

    DebugFrontend needGdb() {
        return await(gdb, "the gdb frontend", "org.jrr.gdb");
    }

    TraceStore needStore() {
        return await(store, "the trace store");
    }

    SystemCheck needSystemCheck() {
        return await(systemCheck, "the system check");
    }

    /** The syscall buffer's format, for listings; empty when its bundle is missing. */
    java.util.Optional<SyscallBuffer> syscallBuffer() {
        return java.util.Optional.ofNullable(buffer.get());
    }

    /** Syscall names for listings; numbers when the arch bundle is missing. */
    String syscallName(int nr) {
        Arch a = arch.get();
        return a == null ? "syscall_" + nr : a.syscallName(nr);
    }
}
