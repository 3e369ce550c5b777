package org.jrr.kernel.replay;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jrr.api.syscall.FdEffect;
import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.Output;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.syscall.SyscallHandler;
import org.jrr.api.syscall.TraceeMemory;

/**
 * Follows, for one descriptor table, which descriptors are the tracee's stdout and stderr (through dup and
 * close) and re-emits what the replayed program writes to them, so that replay prints what the recording
 * printed.
 */
final class StdioEcho {
    private final Map<Integer, OutputStream> fds = new HashMap<>();

    StdioEcho(OutputStream stdout, OutputStream stderr) {
        fds.put(1, stdout);
        fds.put(2, stderr);
    }

    private StdioEcho() {
    }

    /** The table a forked child starts with: the same descriptors, followed apart from now on. */
    StdioEcho copy() {
        StdioEcho c = new StdioEcho();
        c.fds.putAll(fds);
        return c;
    }

    /** Whether a descriptor other than 1 and 2 is stdout or stderr (a dup of one). */
    boolean hasCopies() {
        return fds.keySet().stream().anyMatch(fd -> fd != 1 && fd != 2);
    }

    /** Whether {@code call} writes to a descriptor that is stdout or stderr (false when that cannot be read). */
    boolean echoes(SyscallHandler handler, SyscallCall call, TraceeMemory memory) {
        try {
            Optional<Output> out = handler.output(call, memory);
            return out.isPresent() && fds.containsKey(out.get().fd());
        } catch (IOException e) {
            return false;
        }
    }

    /** Prints {@code data}, which the kernel moved to {@code fd}, where that is stdout or stderr. */
    void echo(int fd, byte[] data) throws IOException {
        if (fds.get(fd) instanceof OutputStream stream) {
            stream.write(data);
            stream.flush();
        }
    }

    void after(SyscallHandler handler, SyscallCall call, TraceeMemory memory) throws IOException {
        if (call.failed()) {
            return;
        }
        Optional<Output> out = handler.output(call, memory);
        if (out.isPresent() && fds.get(out.get().fd()) instanceof OutputStream stream) {
            for (MemRange r : out.get().ranges()) {
                if (r.length() > 0) {
                    stream.write(memory.read(r.address(), (int) r.length()));
                }
            }
            stream.flush();
        }
        switch (handler.fdEffect(call)) {
            case FdEffect.Dup d -> {
                OutputStream s = fds.get(d.from());
                if (s != null) {
                    fds.put(d.to(), s);
                } else {
                    fds.remove(d.to());
                }
            }
            case FdEffect.Close c -> fds.remove(c.fd());
            case FdEffect.Opened o -> fds.remove(o.fd());
            case FdEffect.None n -> {
            }
        }
    }
}
