package org.jrr.hpc.perf.cpu;

/** The CPUID instruction: {eax, ebx, ecx, edx} for a leaf and subleaf. {@code Linux::cpuid} is one. */
@FunctionalInterface
public interface Cpuid {
    int[] cpuid(int leaf, int subleaf);
}
