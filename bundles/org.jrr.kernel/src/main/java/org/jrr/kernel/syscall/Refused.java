package org.jrr.kernel.syscall;

import java.util.Map;
import java.util.Optional;

/**
 * Syscalls the recorder answers itself with ENOSYS, as if the kernel lacked them: what replay could not reproduce.
 * The kernel skips them, so nothing happens; programs test for ENOSYS and do without (libc, runtimes), or fail with
 * a message that names the call. A syscall with no handler at all is refused the same way (see
 * {@link #unhandled}): recording something replay cannot reproduce would be a divergence later, or worse, a replay
 * that silently differs.
 */
public final class Refused {
    /** Refused as a matter of course, with no note: libc asks for these at every start and falls back. */
    private static final Map<String, String> ROUTINE = Map.of(
            "rseq", "the kernel writes the current CPU into the program's memory at any moment",
            "clone3", "its arguments are in a struct; libc falls back to clone, which jrr knows");

    /** Refused with a note the first time, since the program may not cope: each with why. */
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("bpf", "BPF programs and maps change what later calls return in ways jrr does not record"),
            Map.entry("io_uring_setup", "the kernel reads and writes the rings while the program runs"),
            Map.entry("io_uring_enter", "the kernel reads and writes the rings while the program runs"),
            Map.entry("io_uring_register", "the kernel reads and writes the rings while the program runs"),
            Map.entry("io_setup", "asynchronous I/O writes the program's buffers while it runs"),
            Map.entry("io_submit", "asynchronous I/O writes the program's buffers while it runs"),
            Map.entry("io_getevents", "asynchronous I/O writes the program's buffers while it runs"),
            Map.entry("io_pgetevents", "asynchronous I/O writes the program's buffers while it runs"),
            Map.entry("io_cancel", "asynchronous I/O writes the program's buffers while it runs"),
            Map.entry("io_destroy", "asynchronous I/O writes the program's buffers while it runs"),
            Map.entry("userfaultfd", "page faults answered by another thread cannot be replayed"),
            Map.entry("memfd_secret", "its memory cannot be read by jrr"),
            Map.entry("mseal", "sealed mappings would stop replay from rebuilding the address space"),
            Map.entry("map_shadow_stack", "shadow stacks are not supported"),
            Map.entry("modify_ldt", "segment descriptors are not recorded"),
            Map.entry("set_thread_area", "segment descriptors are not recorded"),
            Map.entry("get_thread_area", "segment descriptors are not recorded"),
            Map.entry("remap_file_pages", "nonlinear mappings are not recorded"),
            Map.entry("pkey_alloc", "memory protection keys are not recorded"),
            Map.entry("pkey_free", "memory protection keys are not recorded"),
            Map.entry("pkey_mprotect", "memory protection keys are not recorded"),
            Map.entry("futex_wake", "the futex2 calls are not handled; libc uses futex"),
            Map.entry("futex_wait", "the futex2 calls are not handled; libc uses futex"),
            Map.entry("futex_requeue", "the futex2 calls are not handled; libc uses futex"),
            Map.entry("quotactl", "what it writes depends on the file system's quota format"),
            Map.entry("quotactl_fd", "what it writes depends on the file system's quota format"),
            Map.entry("ioperm", "port I/O is not recorded"),
            Map.entry("iopl", "port I/O is not recorded"),
            Map.entry("kexec_load", "it replaces the running kernel"),
            Map.entry("kexec_file_load", "it replaces the running kernel"),
            Map.entry("uretprobe", "only the kernel's own probe trampoline may call it"),
            Map.entry("sysfs", "obsolete"),
            Map.entry("ustat", "obsolete"),
            Map.entry("uselib", "obsolete"),
            Map.entry("_sysctl", "obsolete"),
            Map.entry("lookup_dcookie", "obsolete"),
            Map.entry("epoll_ctl_old", "obsolete"),
            Map.entry("epoll_wait_old", "obsolete"),
            Map.entry("create_module", "not in Linux"),
            Map.entry("get_kernel_syms", "not in Linux"),
            Map.entry("query_module", "not in Linux"),
            Map.entry("nfsservctl", "not in Linux"),
            Map.entry("afs_syscall", "not in Linux"),
            Map.entry("tuxcall", "not in Linux"),
            Map.entry("security", "not in Linux"),
            Map.entry("vserver", "not in Linux"),
            Map.entry("getpmsg", "not in Linux"),
            Map.entry("putpmsg", "not in Linux"));

    private Refused() {
    }

    /** Whether the recorder answers {@code name} with ENOSYS. */
    public static boolean refuse(String name) {
        return ROUTINE.containsKey(name) || REASONS.containsKey(name);
    }

    /** Why {@code name} is refused, for a one-line note; empty for the routine refusals and handled calls. */
    public static Optional<String> reason(String name) {
        return Optional.ofNullable(REASONS.get(name));
    }

    /** Every refused name. */
    public static java.util.Set<String> names() {
        java.util.Set<String> all = new java.util.TreeSet<>(ROUTINE.keySet());
        all.addAll(REASONS.keySet());
        return all;
    }

    /** The note for a syscall with no handler, refused since replay could not reproduce what it did. */
    public static String unhandled(String name) {
        return name.startsWith("syscall_") ? "not a syscall jrr knows" : "jrr has no handler for it";
    }

    public static boolean isExit(String name) {
        return name.equals("exit") || name.equals("exit_group");
    }
}
