/*
 * jrr-launch CPU MODE PATH ARGV0 [ARGS...]
 *
 * Started by jrr with posix_spawn. Prepares this process to be a tracee, stops itself so that jrr can
 * PTRACE_SEIZE it, then execs PATH with argv ARGV0 ARGS... and the environment it was given. MODE is "record",
 * "replay", or "record-sb:IP[,IP...]" (hex): recording with the syscall buffer, where a seccomp filter lets the
 * syscalls made at those addresses (the preload library's entry points) run without a stop and has every other
 * one stop the tracee (SECCOMP_RET_TRACE).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

/* Installed only once jrr has seized this process: with no tracer, RET_TRACE would fail every syscall. */
static int install_filter(const char *ips) {
    struct sock_filter f[64];
    int n = 0;
    unsigned long addr[16];
    int count = 0;
    for (const char *p = ips; *p && count < 16;) {
        char *end;
        addr[count++] = strtoul(p, &end, 16);
        if (addr[count - 1] > 0xffffffffUL || end == p) {
            return -1;
        }
        p = *end == ',' ? end + 1 : end;
    }
    /* all the addresses are below 4 GiB: the high word must be 0 and the low one one of them */
    f[n++] = (struct sock_filter) BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                           offsetof(struct seccomp_data, instruction_pointer) + 4);
    f[n++] = (struct sock_filter) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, (unsigned char) (count + 1));
    f[n++] = (struct sock_filter) BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                           offsetof(struct seccomp_data, instruction_pointer));
    for (int i = 0; i < count; i++) {
        f[n++] = (struct sock_filter) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int) addr[i],
                                               (unsigned char) (count - i), 0);
    }
    f[n++] = (struct sock_filter) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
    f[n++] = (struct sock_filter) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    struct sock_fprog prog = {(unsigned short) n, f};
    return (int) syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: jrr-launch CPU record|replay PATH ARGV0 [ARGS...]\n");
        return 2;
    }
    int cpu = atoi(argv[1]);
    int replay = strcmp(argv[2], "replay") == 0;

    /* jrr and its tracees share one CPU: a ptrace stop is 25-50x dearer across CPUs. */
    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        sched_setaffinity(0, sizeof set, &set);
    }
    /* The tracee gets the descriptors the user gave jrr: JRR_LAUNCH_FDS lists them (the jrr script put /dev/null on
     * standard ones the user had closed, so that the JVM would not take them, and leaves them out); without it, 0 to
     * 2. The JVM's own are none of the tracee's business. */
    const char *keep = getenv("JRR_LAUNCH_FDS");
    if (keep == NULL) {
        syscall(SYS_close_range, 3, ~0U, 0);
    } else {
        long next = 0; /* the lowest descriptor not yet dealt with */
        for (const char *c = keep; *c != '\0';) {
            char *end;
            long fd = strtol(c, &end, 10);
            if (end == c) {
                break;
            }
            if (fd >= next) {
                if (fd > next) {
                    syscall(SYS_close_range, (unsigned) next, (unsigned) (fd - 1), 0);
                }
                next = fd + 1;
            }
            c = *end == ',' ? end + 1 : end;
        }
        syscall(SYS_close_range, (unsigned) next, ~0U, 0);
        unsetenv("JRR_LAUNCH_FDS");
    }
    /* Signals the JVM blocks or ignores must not stay so in the tracee. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < NSIG; s++) {
        if (s != SIGKILL && s != SIGSTOP) {
            signal(s, SIG_DFL);
        }
    }
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    /* rdtsc/rdtscp trap (SIGSEGV) so jrr can record and replay their values; survives execve. */
    if (prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0) != 0) {
        fprintf(stderr, "jrr-launch: PR_SET_TSC: %s\n", strerror(errno));
        return 126;
    }
    if (replay) {
        /* Replay rebuilds the recorded address space; a fixed layout keeps the stub out of its way. */
        personality(ADDR_NO_RANDOMIZE);
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    }
    raise(SIGSTOP);
    if (strncmp(argv[2], "record-sb:", 10) == 0 && install_filter(argv[2] + 10) != 0) {
        fprintf(stderr, "jrr: cannot install the syscall buffer's seccomp filter: %s\n", strerror(errno));
        return 126;
    }
    execve(argv[3], &argv[4], environ);
    fprintf(stderr, "jrr: cannot execute %s: %s\n", argv[3], strerror(errno));
    return 127;
}
