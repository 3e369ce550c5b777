package org.jrr.kernel.trap;

/**
 * CPU features hidden from tracees because using them cannot be replayed: RDRAND and RDSEED (results no trap
 * can catch) and TSX (transactions abort nondeterministically).
 */
public final class CpuidMask {
    static final int LEAF1_ECX_RDRAND = 1 << 30;
    static final int LEAF7_EBX_HLE = 1 << 4, LEAF7_EBX_RTM = 1 << 11, LEAF7_EBX_RDSEED = 1 << 18;

    private CpuidMask() {
    }

    /** {eax, ebx, ecx, edx} with the hidden features cleared. */
    public static int[] apply(int leaf, int subleaf, int[] v) {
        int[] out = v.clone();
        if (leaf == 1) {
            out[2] &= ~LEAF1_ECX_RDRAND;
        } else if (leaf == 7 && subleaf == 0) {
            out[1] &= ~(LEAF7_EBX_HLE | LEAF7_EBX_RTM | LEAF7_EBX_RDSEED);
        }
        return out;
    }
}
