package org.jrr.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jrr.syscalls.spec.SyscallSpec;
import org.junit.jupiter.api.Test;

class StandardSpecsTest {

    @Test
    void everyHandlerHasAUniqueName() {
        Set<String> seen = new HashSet<>();
        for (SyscallSpec spec : StandardSpecs.all()) {
            assertTrue(seen.add(spec.name()), "duplicate " + spec.name());
            assertTrue(spec.name().matches("[a-z_0-9]+"), spec.name());
        }
    }

    @Test
    void atLeast85Handlers() {
        assertTrue(StandardSpecs.all().size() >= 85, "only " + StandardSpecs.all().size());
    }

    @Test
    void coversWhatGlibcStartupAndCoreutilsUse() {
        Set<String> names = StandardSpecs.all().stream().map(SyscallSpec::name).collect(Collectors.toSet());
        List<String> required = List.of("read", "pread64", "readv", "preadv", "preadv2", "write", "pwrite64",
                "writev", "pwritev", "open", "openat", "openat2", "creat", "close", "close_range", "dup", "dup2",
                "dup3", "fcntl", "lseek", "stat", "fstat", "lstat", "newfstatat", "statx", "statfs", "fstatfs",
                "access", "faccessat", "faccessat2", "getdents", "getdents64", "getcwd", "chdir", "fchdir",
                "readlink", "readlinkat", "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat",
                "renameat2", "link", "linkat", "symlink", "symlinkat", "chmod", "fchmod", "fchmodat", "chown",
                "fchown", "lchown", "fchownat", "utimensat", "truncate", "ftruncate", "umask", "ioctl", "pipe",
                "pipe2", "brk", "mmap", "munmap", "mprotect", "mremap", "madvise", "msync", "mincore",
                "arch_prctl", "set_tid_address", "set_robust_list", "rseq", "prlimit64", "getrlimit",
                "setrlimit", "getrusage", "sysinfo", "times", "uname", "clock_gettime", "clock_getres",
                "gettimeofday", "time", "nanosleep", "clock_nanosleep", "getrandom", "getpid", "getppid",
                "gettid", "getuid", "geteuid", "getgid", "getegid", "getgroups", "getresuid", "getresgid",
                "getpgrp", "getpgid", "getsid", "setpgid", "setsid", "rt_sigaction", "rt_sigprocmask",
                "sigaltstack", "rt_sigreturn", "kill", "tgkill", "tkill", "sched_getaffinity", "sched_yield",
                "sched_getparam", "sched_getscheduler", "getcpu", "poll", "ppoll", "select", "pselect6",
                "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "socket", "socketpair", "connect",
                "bind", "listen", "accept", "accept4", "getsockname", "getpeername", "getsockopt", "setsockopt",
                "sendto", "sendmsg", "recvfrom", "recvmsg", "shutdown", "wait4", "waitid", "futex", "exit",
                "exit_group", "execve", "execveat", "prctl", "personality", "capget", "fadvise64", "fallocate",
                "fsync", "fdatasync", "flock", "inotify_init1", "eventfd2", "timerfd_create", "memfd_create",
                "getxattr", "lgetxattr", "fgetxattr", "listxattr", "sendfile", "copy_file_range", "splice", "tee",
                "pause", "alarm", "setitimer", "getitimer", "timer_create", "timer_settime", "clock_settime");
        List<String> missing = required.stream().filter(n -> !names.contains(n)).toList();
        assertEquals(List.of(), missing);
    }
}
