package org.jrr.kernel.task;

import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;
import org.jrr.linux.Linux;

/** Chooses the CPU a session and its tracees share. */
public final class Cpus {
    private Cpus() {
    }

    /** {@code preferred} if this thread may run there (replay uses the recording's CPU), else {@link #choose}. */
    public static int choose(Linux linux, String preferred) {
        if (preferred != null && preferred.matches("\\d{1,4}") && linux.allowedCpus().get(Integer.parseInt(preferred))) {
            return Integer.parseInt(preferred);
        }
        return choose(linux);
    }

    /** A random allowed CPU, so that concurrent jrr sessions tend to spread out. */
    public static int choose(Linux linux) {
        String forced = System.getenv("JRR_CPU");
        if (forced != null && forced.matches("\\d+")) {
            return Integer.parseInt(forced);
        }
        BitSet allowed = linux.allowedCpus();
        int n = allowed.cardinality();
        int pick = ThreadLocalRandom.current().nextInt(Math.max(n, 1));
        for (int cpu = allowed.nextSetBit(0); cpu >= 0; cpu = allowed.nextSetBit(cpu + 1)) {
            if (pick-- == 0) {
                return cpu;
            }
        }
        return 0;
    }
}
