package org.jrr.hpc.perf.cpu;

/** What the microarchitecture table knows about a CPU. */
public sealed interface Detection {
    CpuSignature cpu();

    /** A CPU whose ticks jrr knows how to count. */
    record Supported(CpuSignature cpu, Microarch microarch) implements Detection {
    }

    /** A CPU known to have no usable exact branch counter. */
    record Unsupported(CpuSignature cpu, String name, String why) implements Detection {
    }

    /** A CPU the table does not list: jrr will not guess its event encoding. */
    record Unknown(CpuSignature cpu) implements Detection {
    }
}
