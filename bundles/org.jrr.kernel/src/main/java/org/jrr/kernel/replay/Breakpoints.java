package org.jrr.kernel.replay;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.jrr.kernel.task.Task;

/**
 * A debugger's software breakpoints in one address space: int3 bytes in the tracee's memory, with the bytes they
 * cover, so that memory reads show the program's own bytes. Counted: gdb may insert one address twice.
 */
final class Breakpoints {
    private static final byte INT3 = (byte) 0xcc;

    private static final class Bp {
        final byte original;
        int count;
        boolean lifted;

        Bp(byte original) {
            this.original = original;
        }
    }

    private final Map<Long, Bp> inserted = new TreeMap<>();

    boolean has(long address) {
        Bp b = inserted.get(address);
        return b != null && !b.lifted;
    }

    /** Inserts one; false where the memory cannot be read or written. */
    boolean insert(Task task, long address) {
        Bp b = inserted.get(address);
        if (b != null) {
            b.count++;
            return true;
        }
        byte[] one = new byte[1];
        try {
            if (task.memory().readPartial(address, one) != 1) {
                return false;
            }
            task.memory().write(address, new byte[] {INT3});
        } catch (IOException | RuntimeException e) {
            return false;
        }
        b = new Bp(one[0]);
        b.count = 1;
        inserted.put(address, b);
        return true;
    }

    boolean remove(Task task, long address) {
        Bp b = inserted.get(address);
        if (b == null) {
            return false;
        }
        if (--b.count == 0) {
            inserted.remove(address);
            if (!b.lifted) {
                write(task, address, b.original);
            }
        }
        return true;
    }

    /** Takes the int3 out for a moment (to run the instruction under it). */
    void lift(Task task, long address) {
        Bp b = inserted.get(address);
        if (b != null && !b.lifted) {
            write(task, address, b.original);
            b.lifted = true;
        }
    }

    void lower(Task task, long address) {
        Bp b = inserted.get(address);
        if (b != null && b.lifted) {
            write(task, address, INT3);
            b.lifted = false;
        }
    }

    void liftAll(Task task) {
        inserted.keySet().forEach(a -> lift(task, a));
    }

    void lowerAll(Task task) {
        inserted.keySet().forEach(a -> lower(task, a));
    }

    /** The address space was replaced (exec): the int3s went with it. */
    void forgetAll() {
        inserted.clear();
    }

    /** Puts the program's bytes back over the int3s in {@code data}, read from {@code address}. */
    void hide(long address, byte[] data) {
        for (var e : inserted.entrySet()) {
            long off = e.getKey() - address;
            if (off >= 0 && off < data.length && !e.getValue().lifted) {
                data[(int) off] = e.getValue().original;
            }
        }
    }

    private static void write(Task task, long address, byte b) {
        try {
            task.memory().write(address, new byte[] {b});
        } catch (IOException | RuntimeException e) {
            // unmapped meanwhile (munmap): nothing to restore
        }
    }
}
