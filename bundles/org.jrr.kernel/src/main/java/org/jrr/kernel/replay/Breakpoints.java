package org.jrr.kernel.replay;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.jrr.kernel.task.Task;

/**
 * The int3 bytes of a debugger in the debugged address space, with the bytes they cover, so that memory reads
 * show the program's own bytes. The user's are counted (gdb may insert one address twice) apart from the
 * engine's (planted to reach a place), and each belongs to the address space it was set in, named by the frame
 * that made it: a replay started again installs them when that address space is made again.
 */
final class Breakpoints {
    private static final byte INT3 = (byte) 0xcc;

    private static final class Bp {
        final long space;
        byte original;
        int user;
        int engine;
        boolean installed;
        boolean lifted;

        Bp(long space) {
            this.space = space;
        }
    }

    private final Map<Long, Bp> all = new TreeMap<>();

    /** Whether an int3 of ours stands at {@code address} now. */
    boolean has(long address) {
        Bp b = all.get(address);
        return b != null && b.installed && !b.lifted;
    }

    /** Whether the user has a breakpoint at {@code address} in the current address space. */
    boolean isUser(long address) {
        Bp b = all.get(address);
        return b != null && b.installed && b.user > 0;
    }

    /** Inserts a user breakpoint in {@code space}; false where the memory cannot be read or written. */
    boolean insert(Task task, long address, long space) {
        Bp b = ready(task, address, space);
        if (b != null) {
            b.user++;
        }
        return b != null;
    }

    boolean remove(Task task, long address) {
        Bp b = all.get(address);
        if (b == null || b.user == 0) {
            return false;
        }
        b.user--;
        drop(task, address, b);
        return true;
    }

    /** An int3 of the engine's (the current address space's), for as long as it needs it. */
    boolean plant(Task task, long address, long space) {
        Bp b = ready(task, address, space);
        if (b != null) {
            b.engine++;
        }
        return b != null;
    }

    /** The entry for {@code address}, its int3 in place if there is a task to write it into; null if it cannot be. */
    private Bp ready(Task task, long address, long space) {
        Bp b = entry(address, space);
        if (task != null && !b.installed && !install(task, address, b)) {
            drop(task, address, b);
            return null;
        }
        return b;
    }

    void unplant(Task task, long address) {
        Bp b = all.get(address);
        if (b != null && b.engine > 0) {
            b.engine--;
            drop(task, address, b);
        }
    }

    /** Takes the int3 out for a moment (to run the instruction under it). */
    void lift(Task task, long address) {
        Bp b = all.get(address);
        if (b != null && b.installed && !b.lifted) {
            write(task, address, b.original);
            b.lifted = true;
        }
    }

    void lower(Task task, long address) {
        Bp b = all.get(address);
        if (b != null && b.installed && b.lifted) {
            write(task, address, INT3);
            b.lifted = false;
        }
    }

    void liftAll(Task task) {
        all.keySet().forEach(a -> lift(task, a));
    }

    void lowerAll(Task task) {
        all.keySet().forEach(a -> lower(task, a));
    }

    /**
     * The debugged address space is now {@code space}, fresh from an exec or a fork: the user's breakpoints set
     * in it go in, the others wait; the engine's went with the old one.
     */
    void enter(Task task, long space) {
        all.values().removeIf(b -> b.user == 0);
        for (var e : all.entrySet()) {
            Bp b = e.getValue();
            b.installed = false;
            b.lifted = false;
            if (b.space == space) {
                install(task, e.getKey(), b);
            }
        }
    }

    /**
     * After the program changed its mappings: the user's breakpoints of {@code space} are put (back) in where
     * memory is now mapped (a shared library mapped later, a segment mapped again over the first mapping), and
     * counted out where it is gone.
     */
    void refresh(Task task, long space) {
        for (var e : all.entrySet()) {
            Bp b = e.getValue();
            if (b.space != space || b.lifted) {
                continue;
            }
            byte[] one = new byte[1];
            try {
                if (task.memory().readPartial(e.getKey(), one) != 1) {
                    b.installed = false;
                } else if (!b.installed || one[0] != INT3) {
                    install(task, e.getKey(), b);
                }
            } catch (IOException | RuntimeException gone) {
                b.installed = false;
            }
        }
    }

    /** The addresses of the user's breakpoints that are in now. */
    java.util.List<Long> userAddresses() {
        return all.entrySet().stream().filter(e -> e.getValue().installed && e.getValue().user > 0)
                .map(Map.Entry::getKey).toList();
    }

    /** Puts the program's bytes back over the int3s in {@code data}, read from {@code address}. */
    void hide(long address, byte[] data) {
        for (var e : all.entrySet()) {
            long off = e.getKey() - address;
            Bp b = e.getValue();
            if (off >= 0 && off < data.length && b.installed && !b.lifted) {
                data[(int) off] = b.original;
            }
        }
    }

    private Bp entry(long address, long space) {
        Bp b = all.get(address);
        if (b != null && b.space != space && !b.installed) {
            all.remove(address); // set in an address space that is gone: this one replaces it
            b = null;
        }
        if (b == null) {
            b = new Bp(space);
            all.put(address, b);
        }
        return b;
    }

    private static boolean install(Task task, long address, Bp b) {
        byte[] one = new byte[1];
        try {
            if (task.memory().readPartial(address, one) != 1) {
                return false;
            }
            task.memory().write(address, new byte[] {INT3});
        } catch (IOException | RuntimeException e) {
            return false;
        }
        b.original = one[0];
        b.installed = true;
        b.lifted = false;
        return true;
    }

    /** Forgets an entry nobody needs any more, restoring the program's byte. */
    private void drop(Task task, long address, Bp b) {
        if (b.user > 0 || b.engine > 0) {
            return;
        }
        all.remove(address);
        if (b.installed && !b.lifted) {
            write(task, address, b.original);
        }
    }

    private static void write(Task task, long address, byte b) {
        if (task == null) {
            return; // the address space is gone
        }
        try {
            task.memory().write(address, new byte[] {b});
        } catch (IOException | RuntimeException e) {
            // unmapped meanwhile (munmap): nothing to restore
        }
    }
}
