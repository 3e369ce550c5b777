package org.jrr.linux.internal;

import jnr.ffi.annotations.Out;

/** libjrrnative.so (native/src/jrrnative.c). */
public interface JrrNative {
    long jrr_rdtsc();

    long jrr_rdtscp(@Out int[] aux);

    void jrr_cpuid(int leaf, int subleaf, @Out int[] out);
}
