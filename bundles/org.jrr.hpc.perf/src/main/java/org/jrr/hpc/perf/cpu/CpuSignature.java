package org.jrr.hpc.perf.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Who made the CPU and which one it is, as CPUID leaves 0 and 1 say. Family and model are the "display" values,
 * with the extended fields folded in the way Intel and AMD document it, so they match /proc/cpuinfo.
 */
public record CpuSignature(String vendor, int family, int model, int stepping) {
    public static final String INTEL = "GenuineIntel";
    public static final String AMD = "AuthenticAMD";

    /** Reads leaves 0 and 1. */
    public static CpuSignature of(Cpuid cpuid) {
        return decode(vendor(cpuid.cpuid(0, 0)), cpuid.cpuid(1, 0)[0]);
    }

    /** The 12-character vendor string of leaf 0, which CPUID spreads over ebx, edx, ecx in that order. */
    public static String vendor(int[] leaf0) {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(leaf0[1]).putInt(leaf0[3]).putInt(leaf0[2]);
        return new String(b.array(), StandardCharsets.US_ASCII);
    }

    /** Decodes leaf 1's eax. */
    public static CpuSignature decode(String vendor, int eax) {
        int stepping = eax & 0xf;
        int baseModel = (eax >>> 4) & 0xf;
        int baseFamily = (eax >>> 8) & 0xf;
        int extModel = (eax >>> 16) & 0xf;
        int extFamily = (eax >>> 20) & 0xff;
        // The extended family only counts once the 4-bit family is exhausted (0xf: Pentium 4, every AMD since K8).
        int family = baseFamily == 0xf ? baseFamily + extFamily : baseFamily;
        // The extended model is used by Intel family 6 and by family 0xf and above (AMD); older parts leave it 0.
        int model = baseFamily == 0x6 || baseFamily == 0xf ? extModel << 4 | baseModel : baseModel;
        return new CpuSignature(vendor, family, model, stepping);
    }

    /** The inverse of {@link #decode}: leaf 1's eax for a signature (for tests and messages). */
    public int eax() {
        int baseFamily = Math.min(family, 0xf);
        int extFamily = family - baseFamily;
        int extModel = baseFamily == 0x6 || baseFamily == 0xf ? model >>> 4 : 0;
        return extFamily << 20 | extModel << 16 | baseFamily << 8 | (model & 0xf) << 4 | stepping;
    }

    public boolean intel() {
        return INTEL.equals(vendor);
    }

    public boolean amd() {
        return AMD.equals(vendor);
    }

    @Override
    public String toString() {
        return String.format("%s family 0x%x model 0x%x stepping %d", vendor, family, model, stepping);
    }
}
