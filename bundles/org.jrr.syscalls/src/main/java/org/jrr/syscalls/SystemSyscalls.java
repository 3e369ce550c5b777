package org.jrr.syscalls;

import static org.jrr.syscalls.spec.CType.INT;
import static org.jrr.syscalls.spec.Dsl.buffer;
import static org.jrr.syscalls.spec.Dsl.byArg;
import static org.jrr.syscalls.spec.Dsl.deref;
import static org.jrr.syscalls.spec.Dsl.fdCustom;
import static org.jrr.syscalls.spec.Dsl.opened;
import static org.jrr.syscalls.spec.Dsl.struct;
import static org.jrr.syscalls.spec.Dsl.syscall;
import static org.jrr.syscalls.spec.Dsl.upTo;
import static org.jrr.syscalls.spec.Dsl.when;

import java.util.ArrayList;
import java.util.List;

import org.jrr.api.syscall.FdEffect;
import org.jrr.syscalls.spec.SyscallSpec;

/**
 * The system around a process: namespaces, mounts, kernel modules, keyrings, security modules and sandboxes, and
 * the administrator's calls. Replay emulates them all: every later call the change could affect is itself
 * recorded with what it returned, so the replayed program need not be in the namespace or sandbox to see the same.
 * (A new PID namespace also changes the pids its children get; the kernel bundle follows that for clones.)
 */
final class SystemSyscalls {
    // keyctl operations that fill a buffer (keyctl(op, key, buffer, buflen)): the result is the full length
    static final long KEYCTL_DESCRIBE = 6;
    static final long KEYCTL_READ = 11;
    static final long KEYCTL_GET_SECURITY = 17;
    static final long KEYCTL_DH_COMPUTE = 23;
    // syslog actions that read the kernel's log into the buffer
    static final long SYSLOG_ACTION_READ = 2;
    static final long SYSLOG_ACTION_READ_ALL = 3;
    static final long SYSLOG_ACTION_READ_CLEAR = 4;
    /** landlock_create_ruleset flags that ask for a number (the ABI version, the errata) instead of a ruleset. */
    static final long LANDLOCK_QUERIES = 0x3;

    private SystemSyscalls() {
    }

    static List<SyscallSpec> specs() {
        List<SyscallSpec> s = new ArrayList<>();
        // ---- namespaces
        s.add(syscall("unshare").build());
        s.add(syscall("setns").build());

        // ---- mounts: the new mount API's calls return descriptors of file system contexts and trees
        for (String name : List.of("mount", "umount2", "pivot_root", "move_mount", "mount_setattr", "fsconfig")) {
            s.add(syscall(name).build());
        }
        for (String name : List.of("fsopen", "fspick", "fsmount", "open_tree", "open_tree_attr")) {
            s.add(syscall(name).fd(opened()).build());
        }

        // ---- kernel modules, swap, power, accounting, the terminal
        for (String name : List.of("init_module", "finit_module", "delete_module", "swapon", "swapoff", "reboot",
                "acct", "vhangup")) {
            s.add(syscall(name).build());
        }
        s.add(syscall("syslog")
                .out(byArg(0,
                        when(SYSLOG_ACTION_READ, buffer(1, upTo(2))),
                        when(SYSLOG_ACTION_READ_ALL, buffer(1, upTo(2))),
                        when(SYSLOG_ACTION_READ_CLEAR, buffer(1, upTo(2)))))
                .mayBlock() // SYSLOG_ACTION_READ waits for messages
                .build());

        // ---- keyrings: add_key and request_key return a key's serial number
        s.add(syscall("add_key").build());
        s.add(syscall("request_key").mayBlock().build());
        s.add(syscall("keyctl")
                .out(byArg(0,
                        when(KEYCTL_DESCRIBE, buffer(2, upTo(3))),
                        when(KEYCTL_READ, buffer(2, upTo(3))),
                        when(KEYCTL_GET_SECURITY, buffer(2, upTo(3))),
                        when(KEYCTL_DH_COMPUTE, buffer(2, upTo(3)))))
                .build());

        // ---- security modules and sandboxes. lsm_get_self_attr(attr, ctx, u32 *size, flags) and
        // lsm_list_modules(u64 *ids, u32 *size, flags) write the length used back through size.
        s.add(syscall("lsm_get_self_attr").out(buffer(1, deref(2, INT)), struct(2, INT)).build());
        s.add(syscall("lsm_list_modules").out(buffer(0, deref(1, INT)), struct(1, INT)).build());
        s.add(syscall("lsm_set_self_attr").build());
        s.add(syscall("landlock_create_ruleset").fd(fdCustom("a ruleset, unless the flags ask for a number",
                call -> call.failed() || (call.arg(2) & LANDLOCK_QUERIES) != 0 ? FdEffect.NONE
                        : new FdEffect.Opened((int) call.result())))
                .build());
        s.add(syscall("landlock_add_rule").build());
        s.add(syscall("landlock_restrict_self").build());
        return s;
    }
}
