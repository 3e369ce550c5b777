package org.jrr.gdb.server;

import java.util.HashMap;
import java.util.Map;
import org.jrr.api.debug.BreakpointKind;
import org.jrr.api.debug.Diversion;
import org.jrr.api.debug.ReplayControl;
import org.jrr.gdb.packet.Hex;
import org.jrr.gdb.packet.MalformedPacketException;

/**
 * {@code Z}/{@code z} packets: {@code Z<type>,<addr>,<kind>[;cond…]}. Conditions and commands after {@code ;} are
 * ignored: without ConditionalBreakpoints+ gdb evaluates conditions itself. Remembers instruction breakpoints so
 * that a stop can say whether a software or a hardware one was hit.
 */
final class Breakpoints {
    private final ReplayControl control;
    private final Map<Long, Integer> software = new HashMap<>();
    private final Map<Long, Integer> hardware = new HashMap<>();

    Breakpoints(ReplayControl control) {
        this.control = control;
    }

    private record Request(BreakpointKind kind, long address, int length) {
    }

    /** {@code args} is the packet without its first letter. */
    String handle(boolean insert, String args) {
        Request r = parse(args);
        if (r == null) {
            return Replies.EMPTY;
        }
        boolean done = insert ? control.insert(r.kind(), r.address(), r.length())
                : control.remove(r.kind(), r.address(), r.length());
        if (!done) {
            return Replies.ERROR;
        }
        Map<Long, Integer> counts = r.kind() == BreakpointKind.SOFTWARE ? software
                : r.kind() == BreakpointKind.HARDWARE ? hardware : null;
        if (counts != null) {
            counts.compute(r.address(), (a, n) -> {
                int m = (n == null ? 0 : n) + (insert ? 1 : -1);
                return m <= 0 ? null : m;
            });
        }
        return Replies.OK;
    }

    /** The same request for a diversion, where only instruction breakpoints are kept. */
    void apply(Diversion d, boolean insert, String args) {
        Request r = parse(args);
        if (r != null) {
            if (insert) {
                d.insert(r.kind(), r.address(), r.length());
            } else {
                d.remove(r.kind(), r.address(), r.length());
            }
        }
    }

    /** The request, or null for a kind not offered. */
    private static Request parse(String args) {
        int semi = args.indexOf(';');
        String[] f = (semi < 0 ? args : args.substring(0, semi)).split(",", -1);
        if (f.length != 3 || f[0].length() != 1) {
            throw new MalformedPacketException("expected <type>,<addr>,<kind>");
        }
        BreakpointKind kind = switch (f[0].charAt(0)) {
            case '0' -> BreakpointKind.SOFTWARE;
            case '1' -> BreakpointKind.HARDWARE;
            case '2' -> BreakpointKind.WRITE;
            // x86 cannot watch reads alone: unsupported, so gdb falls back to an access watchpoint (Z4), as it
            // does with gdbserver.
            case '3' -> null;
            case '4' -> BreakpointKind.ACCESS;
            default -> throw new MalformedPacketException("unknown breakpoint type " + f[0]);
        };
        return kind == null ? null : new Request(kind, Hex.parseUnsigned(f[1]), Hex.parseInt(f[2]));
    }

    /** True if a hardware and no software breakpoint is inserted at {@code address}. */
    boolean isHardware(long address) {
        return hardware.containsKey(address) && !software.containsKey(address);
    }
}
