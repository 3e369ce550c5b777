package org.jrr.linux.internal;

import jnr.ffi.annotations.Out;

/** libjrrnative.so (native/src/jrrnative.c). */
public interface JrrNative {
    long jrr_rdtsc();

    long jrr_rdtscp(@Out int[] aux);

    void jrr_cpuid(int leaf, int subleaf, @Out int[] out);

    int jrr_waitpid_timeout(int pid, @Out int[] status, int options, long timeoutNanos);
}
