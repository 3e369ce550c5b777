package org.jrr.syscalls;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jrr.syscalls.spec.SyscallSpec;

/** The standard syscall specs, usable without OSGi (unit tests, tools that list what jrr knows). */
public final class StandardSpecs {
    private static final List<SyscallSpec> ALL = build();

    private StandardSpecs() {
    }

    /** Every standard spec, one per syscall name, grouped by family. */
    public static List<SyscallSpec> all() {
        return ALL;
    }

    private static List<SyscallSpec> build() {
        List<SyscallSpec> all = new ArrayList<>();
        all.addAll(FileSyscalls.specs());
        all.add(IoctlSyscall.spec());
        all.add(PtraceSyscall.spec());
        all.addAll(MemorySyscalls.specs());
        all.addAll(ProcessSyscalls.specs());
        all.addAll(SignalSyscalls.specs());
        all.addAll(TimeSyscalls.specs());
        all.addAll(EventSyscalls.specs());
        all.addAll(SocketSyscalls.specs());
        all.addAll(SystemSyscalls.specs());
        Set<String> names = new HashSet<>();
        for (SyscallSpec spec : all) {
            if (!names.add(spec.name())) {
                throw new IllegalStateException("two standard specs for " + spec.name());
            }
        }
        return List.copyOf(all);
    }
}
