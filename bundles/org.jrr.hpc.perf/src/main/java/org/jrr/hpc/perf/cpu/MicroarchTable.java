package org.jrr.hpc.perf.cpu;

import java.util.HashMap;
import java.util.Map;

/**
 * CPU signature to microarchitecture: which raw event counts retired conditional branches, and with what skid.
 * The model numbers are the public ones (Intel SDM, AMD PPRs, Linux's intel-family.h and amd.c); the events and
 * skids are the ones rr found to count exactly. A CPU that is not listed is {@link Detection.Unknown}: a wrong
 * event would give ticks that do not replay, which is worse than no ticks.
 */
public final class MicroarchTable {
    // Raw event configs: bits 0-7 event select, 8-15 unit mask, 16 USR, 20 INT (interrupt on overflow), 22 EN.
    // perf rewrites USR/OS from exclude_user/exclude_kernel, but the values are kept as the vendors document them.

    /** BR_INST_RETIRED.CONDITIONAL (event c4, umask 01): Nehalem to Comet Lake. */
    public static final long INTEL_CONDITIONAL = 0x5101c4;
    /** BR_INST_RETIRED.COND (event c4, umask 11): Ice Lake on, where the umask changed. */
    public static final long INTEL_COND_ICL = 0x5111c4;
    /** BR_INST_RETIRED.JCC (event c4, umask 7e): the Atom cores Silvermont, Goldmont and Tremont. */
    public static final long INTEL_ATOM_JCC = 0x517ec4;
    /** Retired Conditional Branch Instructions (event d1): every Zen. */
    public static final long AMD_ZEN_CONDITIONAL = 0x5100d1;

    static final long INTEL_SKID = 100;
    /** Alder Lake's generation and later deliver overflows later than their predecessors. */
    static final long INTEL_LATE_SKID = 125;
    /** Zen's overflow interrupt is imprecise: it can arrive thousands of branches late. */
    static final long AMD_ZEN_SKID = 10_000;

    private static final String ZEN_CAVEAT = "exact counts on Zen need the SpecLockMap speculation disabled "
            + "(as rr's scripts/zen_workaround.py does); jrr does not check this yet";

    private static final Map<Integer, Microarch> INTEL_FAMILY_6 = new HashMap<>();
    private static final Map<Integer, String> INTEL_FAMILY_6_TOO_OLD = new HashMap<>();

    static {
        intel(new Microarch("Intel Nehalem", INTEL_CONDITIONAL, INTEL_SKID), 0x1a, 0x1e, 0x1f, 0x2e);
        intel(new Microarch("Intel Westmere", INTEL_CONDITIONAL, INTEL_SKID), 0x25, 0x2c, 0x2f);
        intel(new Microarch("Intel Sandy Bridge", INTEL_CONDITIONAL, INTEL_SKID), 0x2a, 0x2d);
        intel(new Microarch("Intel Ivy Bridge", INTEL_CONDITIONAL, INTEL_SKID), 0x3a, 0x3e);
        intel(new Microarch("Intel Haswell", INTEL_CONDITIONAL, INTEL_SKID), 0x3c, 0x3f, 0x45, 0x46);
        intel(new Microarch("Intel Broadwell", INTEL_CONDITIONAL, INTEL_SKID), 0x3d, 0x47, 0x4f, 0x56);
        intel(new Microarch("Intel Skylake", INTEL_CONDITIONAL, INTEL_SKID), 0x4e, 0x5e, 0x55);
        intel(new Microarch("Intel Kaby Lake", INTEL_CONDITIONAL, INTEL_SKID), 0x8e, 0x9e);
        intel(new Microarch("Intel Comet Lake", INTEL_CONDITIONAL, INTEL_SKID), 0xa5, 0xa6);
        intel(new Microarch("Intel Silvermont", INTEL_ATOM_JCC, INTEL_SKID), 0x37, 0x4a, 0x4c, 0x4d, 0x5a, 0x5d);
        intel(new Microarch("Intel Goldmont", INTEL_ATOM_JCC, INTEL_SKID), 0x5c, 0x5f, 0x7a);
        intel(new Microarch("Intel Tremont", INTEL_ATOM_JCC, INTEL_SKID), 0x86, 0x96, 0x9c);
        intel(new Microarch("Intel Ice Lake", INTEL_COND_ICL, INTEL_SKID), 0x6a, 0x6c, 0x7d, 0x7e);
        intel(new Microarch("Intel Tiger Lake", INTEL_COND_ICL, INTEL_SKID), 0x8c, 0x8d);
        intel(new Microarch("Intel Rocket Lake", INTEL_COND_ICL, INTEL_SKID), 0xa7);
        intel(new Microarch("Intel Alder Lake", INTEL_COND_ICL, INTEL_LATE_SKID), 0x97, 0x9a);
        intel(new Microarch("Intel Raptor Lake", INTEL_COND_ICL, INTEL_LATE_SKID), 0xb7, 0xba, 0xbf);
        intel(new Microarch("Intel Meteor Lake", INTEL_COND_ICL, INTEL_LATE_SKID), 0xaa, 0xac);
        intel(new Microarch("Intel Arrow Lake", INTEL_COND_ICL, INTEL_LATE_SKID), 0xc5, 0xc6);
        intel(new Microarch("Intel Sapphire Rapids", INTEL_COND_ICL, INTEL_LATE_SKID), 0x8f);
        intel(new Microarch("Intel Emerald Rapids", INTEL_COND_ICL, INTEL_LATE_SKID), 0xcf);
        intel(new Microarch("Intel Granite Rapids", INTEL_COND_ICL, INTEL_LATE_SKID), 0xad, 0xae);

        tooOld("Intel Core 2 (Merom)", 0x0f, 0x16);
        tooOld("Intel Core 2 (Penryn)", 0x17, 0x1d);
        tooOld("Intel Atom (Bonnell)", 0x1c, 0x26, 0x27, 0x35, 0x36);
    }

    private static final Microarch ZEN = zen("AMD Zen");
    private static final Microarch ZEN_2 = zen("AMD Zen 2");
    private static final Microarch ZEN_3 = zen("AMD Zen 3");
    private static final Microarch ZEN_4 = zen("AMD Zen 4");
    private static final Microarch ZEN_5 = zen("AMD Zen 5");

    private MicroarchTable() {
    }

    private static void intel(Microarch m, int... models) {
        for (int model : models) {
            if (INTEL_FAMILY_6.put(model, m) != null) {
                throw new IllegalStateException("model 0x" + Integer.toHexString(model) + " listed twice");
            }
        }
    }

    private static void tooOld(String name, int... models) {
        for (int model : models) {
            INTEL_FAMILY_6_TOO_OLD.put(model, name);
        }
    }

    private static Microarch zen(String name) {
        return new Microarch(name, AMD_ZEN_CONDITIONAL, AMD_ZEN_SKID).withCaveat(ZEN_CAVEAT);
    }

    /** Looks a CPU up. */
    public static Detection detect(CpuSignature cpu) {
        if (cpu.intel()) {
            return intel(cpu);
        }
        if (cpu.amd()) {
            return amd(cpu);
        }
        return new Detection.Unknown(cpu);
    }

    private static Detection intel(CpuSignature cpu) {
        if (cpu.family() == 6) {
            Microarch m = INTEL_FAMILY_6.get(cpu.model());
            if (m != null) {
                return new Detection.Supported(cpu, m);
            }
            String old = INTEL_FAMILY_6_TOO_OLD.get(cpu.model());
            if (old == null && cpu.model() < 0x0f) {
                old = "Intel P6 (Pentium Pro to Pentium M)";
            }
            if (old != null) {
                return new Detection.Unsupported(cpu, old, "Intel CPUs before Nehalem (and Atoms before "
                        + "Silvermont) have no exact retired-conditional-branch counter");
            }
            return new Detection.Unknown(cpu);
        }
        if (cpu.family() < 6 || cpu.family() == 0xf) {
            return new Detection.Unsupported(cpu, cpu.family() == 0xf ? "Intel NetBurst (Pentium 4)" : "Intel Pentium",
                    "Intel CPUs before Nehalem have no exact retired-conditional-branch counter");
        }
        return new Detection.Unknown(cpu); // a new family (Intel has announced family 0x12 and 0x13 parts)
    }

    private static Detection amd(CpuSignature cpu) {
        int m = cpu.model();
        Microarch zen = switch (cpu.family()) {
            // Model ranges as Linux's arch/x86/kernel/cpu/amd.c assigns them.
            case 0x17 -> m <= 0x2f || (m >= 0x50 && m <= 0x5f) ? ZEN
                    : (m >= 0x30 && m <= 0x4f) || (m >= 0x60 && m <= 0x7f) || m == 0x90 || m == 0x91
                            || (m >= 0xa0 && m <= 0xaf) ? ZEN_2 : null;
            case 0x19 -> m <= 0x0f || (m >= 0x20 && m <= 0x5f) ? ZEN_3
                    : (m >= 0x10 && m <= 0x1f) || (m >= 0x60 && m <= 0xaf) ? ZEN_4 : null;
            case 0x1a -> m <= 0x2f || (m >= 0x40 && m <= 0x4f) || (m >= 0x60 && m <= 0x7f) ? ZEN_5 : null;
            default -> null;
        };
        if (zen != null) {
            return new Detection.Supported(cpu, zen);
        }
        if (cpu.family() < 0x17) {
            return new Detection.Unsupported(cpu, amdFamilyName(cpu.family()), "AMD CPUs before Zen have no exact "
                    + "retired-conditional-branch counter (family 15h can only count taken branches)");
        }
        return new Detection.Unknown(cpu);
    }

    private static String amdFamilyName(int family) {
        return switch (family) {
            case 0xf -> "AMD K8";
            case 0x10 -> "AMD K10";
            case 0x15 -> "AMD Bulldozer family (15h)";
            case 0x16 -> "AMD Jaguar family (16h)";
            default -> String.format("AMD family %xh", family);
        };
    }
}
