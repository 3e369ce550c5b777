package org.jrr.kernel.exec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrr.kernel.task.Task;

/**
 * Rewrites the vDSO's time functions into plain syscalls, so that what they return reaches jrr (they read the
 * TSC and kernel data pages in user space otherwise). The patched bytes are part of the exec snapshot, so
 * replay runs the same code.
 */
public final class VdsoPatcher {
    /** vDSO function to the x86-64 syscall it becomes; -1: return -ENOSYS so libc falls back to the syscall. */
    private static final Map<String, Integer> X86_64 = Map.of(
            "__vdso_clock_gettime", 228,
            "__vdso_gettimeofday", 96,
            "__vdso_time", 201,
            "__vdso_getcpu", 309,
            "__vdso_clock_getres", 229,
            "__vdso_getrandom", -1);

    private VdsoPatcher() {
    }

    /** Patches the [vdso] mapping of a stopped task; returns how many functions were patched. */
    public static int patch(Task task, List<MapsEntry> maps) throws IOException {
        MapsEntry vdso = maps.stream().filter(m -> m.special("[vdso]")).findFirst().orElse(null);
        if (vdso == null) {
            return 0;
        }
        byte[] image = task.memory().read(vdso.start(), (int) (vdso.end() - vdso.start()));
        Map<String, long[]> symbols = ElfSymbols.dynamicSymbols(image);
        Set<Long> done = new HashSet<>();
        for (Map.Entry<String, Integer> e : X86_64.entrySet()) {
            long[] sym = symbols.get(e.getKey());
            if (sym == null) {
                continue;
            }
            long addr = sym[0] < image.length ? vdso.start() + sym[0] : sym[0];
            byte[] code = code(e.getValue());
            if (sym[1] < code.length) {
                throw new IOException("vDSO function " + e.getKey() + " is too small to patch (" + sym[1] + " bytes)");
            }
            if (done.add(addr)) {
                task.memory().write(addr, code);
            }
        }
        return done.size();
    }

    static byte[] code(int syscall) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (syscall < 0) {
            b.put(new byte[] {0x48, (byte) 0xc7, (byte) 0xc0}).putInt(-38).put((byte) 0xc3); // mov $-ENOSYS,%rax; ret
        } else {
            b.put((byte) 0xb8).putInt(syscall).put(new byte[] {0x0f, 0x05, (byte) 0xc3}); // mov $nr,%eax; syscall; ret
        }
        return b.array();
    }
}
