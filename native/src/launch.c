/*
 * jrr-launch CPU MODE PATH ARGV0 [ARGS...]
 *
 * Started by jrr with posix_spawn. Prepares this process to be a tracee, stops itself so that jrr can
 * PTRACE_SEIZE it, then execs PATH with argv ARGV0 ARGS... and the environment it was given. MODE is "record"
 * or "replay".
 */
#define _GNU_SOURCE
#include <errno.h>
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
    /* The JVM's descriptors are none of the tracee's business. */
    syscall(SYS_close_range, 3, ~0U, 0);
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
    execve(argv[3], &argv[4], environ);
    fprintf(stderr, "jrr: cannot execute %s: %s\n", argv[3], strerror(errno));
    return 127;
}
