package org.jrr.kernel.replay;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jrr.api.debug.BreakpointKind;
import org.jrr.kernel.task.Task;

/**
 * A debugger's data watchpoints, in the x86 debug registers of every task of the debugged address space. A
 * watched range is split into aligned pieces of 1, 2, 4 or 8 bytes, one debug register each; there are four.
 * Reads cannot be watched alone: a read watchpoint watches accesses (the debugger tells reads apart). Write
 * watches beyond what the registers hold are emulated, as gdb's software watchpoints are: the tasks are single
 * stepped and the watched bytes compared after every instruction (slow, but any number of them).
 */
final class Watchpoints {
    static final int REGISTERS = 4;
    /** offsetof(struct user, u_debugreg). */
    private static final long DEBUGREG = 848;
    /** DR6: which debug register fired (bits 0-3). */
    static final long DR6_HITS = 0xf;

    /** One user watchpoint. */
    record Watch(BreakpointKind kind, long address, int length) {
        boolean covers(long start, long end) {
            return start < address + length && address < end;
        }
    }

    /** One debug register's piece of a watch. */
    record Piece(Watch watch, long address, int length) {
    }

    private final List<Watch> watches = new ArrayList<>();
    private final List<Piece> pieces = new ArrayList<>();
    /** Emulated write watches, with the bytes they had when last looked at (null: unreadable). */
    private final Map<Watch, byte[]> emulated = new HashMap<>();

    boolean isEmpty() {
        return watches.isEmpty() && emulated.isEmpty();
    }

    /** Whether some watch is emulated: then every instruction of the watched address space is stepped. */
    boolean emulating() {
        return !emulated.isEmpty();
    }

    /** Adds a write watch compared by value, as {@code task}'s memory has it now; false for reads. */
    boolean emulate(BreakpointKind kind, long address, int length, Task task) {
        if (kind != BreakpointKind.WRITE || length <= 0 || length > 4096) {
            return false;
        }
        Watch w = new Watch(kind, address, length);
        emulated.put(w, task == null ? null : bytes(task, w));
        return true;
    }

    /** Takes the emulated watches' values from {@code task}'s memory as it is now. */
    void remember(Task task) {
        emulated.replaceAll((w, old) -> bytes(task, w));
    }

    /** The first emulated watch whose bytes changed since last looked at (all are then remembered), or null. */
    Watch changed(Task task) {
        Watch hit = null;
        for (Map.Entry<Watch, byte[]> e : emulated.entrySet()) {
            byte[] now = bytes(task, e.getKey());
            if (!Arrays.equals(now, e.getValue())) {
                e.setValue(now);
                hit = hit == null ? e.getKey() : hit;
            }
        }
        return hit;
    }

    private static byte[] bytes(Task task, Watch w) {
        try {
            return task.memory().read(w.address(), w.length());
        } catch (IOException | RuntimeException e) {
            return null; // not mapped (yet): a mapping that appears there counts as a change
        }
    }

    List<Watch> all() {
        return List.copyOf(watches);
    }

    /** Adds a watch if the debug registers left can hold it. */
    boolean add(BreakpointKind kind, long address, int length) {
        if (length <= 0 || length > 64) {
            return false;
        }
        Watch w = new Watch(kind, address, length);
        List<Piece> more = split(w);
        if (pieces.size() + more.size() > REGISTERS) {
            return false;
        }
        watches.add(w);
        pieces.addAll(more);
        return true;
    }

    boolean remove(BreakpointKind kind, long address, int length) {
        Watch w = new Watch(kind, address, length);
        if (emulated.containsKey(w)) {
            emulated.remove(w);
            return true;
        }
        if (!watches.remove(w)) {
            return false;
        }
        pieces.removeIf(p -> p.watch().equals(w));
        return true;
    }

    /** The watch behind the debug registers that fired ({@code dr6}'s low bits), or null. */
    Watch fired(long dr6) {
        for (int i = 0; i < pieces.size(); i++) {
            if ((dr6 & (1L << i)) != 0) {
                return pieces.get(i).watch();
            }
        }
        return null;
    }

    /** The first watch a write to [start, end) touches, or null. */
    Watch written(long start, long end) {
        for (Watch w : watches) {
            if (w.kind() != BreakpointKind.READ && w.covers(start, end)) {
                return w;
            }
        }
        for (Watch w : emulated.keySet()) {
            if (w.covers(start, end)) {
                return w;
            }
        }
        return null;
    }

    /** Puts the debug registers in {@code task}. */
    void apply(Task task) {
        var linux = task.linux();
        int tid = task.tid();
        linux.pokeUser(tid, DEBUGREG + 7 * 8, 0); // disabled while the addresses change
        for (int i = 0; i < pieces.size(); i++) {
            linux.pokeUser(tid, DEBUGREG + i * 8L, pieces.get(i).address());
        }
        linux.pokeUser(tid, DEBUGREG + 7 * 8, dr7(pieces));
    }

    /** Reads and clears DR6 of {@code task}; 0 when no watch is set. */
    long takeStatus(Task task) {
        if (pieces.isEmpty()) {
            return 0;
        }
        long dr6 = task.linux().peekUser(task.tid(), DEBUGREG + 6 * 8);
        if ((dr6 & DR6_HITS) != 0) {
            task.linux().pokeUser(task.tid(), DEBUGREG + 6 * 8, 0);
        }
        return dr6 & DR6_HITS;
    }

    /** DR7 for these pieces: local enable, and the access type and length of each. */
    static long dr7(List<Piece> pieces) {
        long v = 0;
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            long rw = p.watch().kind() == BreakpointKind.WRITE ? 0b01 : 0b11;
            long len = switch (p.length()) {
                case 1 -> 0b00;
                case 2 -> 0b01;
                case 8 -> 0b10;
                default -> 0b11; // 4
            };
            v |= 1L << (2 * i);
            v |= rw << (16 + 4 * i);
            v |= len << (18 + 4 * i);
        }
        return v;
    }

    /** Aligned pieces covering the watch, largest first. */
    static List<Piece> split(Watch w) {
        List<Piece> out = new ArrayList<>();
        long at = w.address();
        long end = w.address() + w.length();
        while (at < end) {
            int size = 8;
            while (size > 1 && ((at & (size - 1)) != 0 || at + size > end)) {
                size /= 2;
            }
            out.add(new Piece(w, at, size));
            at += size;
        }
        return out;
    }
}
