/* The few things the tracer must do natively: read the TSC and run CPUID on its own CPU, wait with a timeout. */
#define _GNU_SOURCE
#include <stdint.h>
#include <cpuid.h>

uint64_t jrr_rdtsc(void) {
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

uint64_t jrr_rdtscp(uint32_t *aux) {
    uint32_t lo, hi, c;
    __asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(c));
    *aux = c;
    return ((uint64_t)hi << 32) | lo;
}

void jrr_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]) {
    __cpuid_count(leaf, subleaf, out[0], out[1], out[2], out[3]);
}

/*
 * waitpid(pid, __WALL | options) that gives up after timeout_ns: a per-thread POSIX timer sends a real-time
 * signal with an empty handler installed without SA_RESTART, so the blocked wait returns EINTR. The timer
 * re-fires every millisecond after the first expiry, so a signal that lands just before the wait blocks cannot
 * make it hang. Returns the pid, 0 on timeout, -errno on error.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define JRR_TIMEOUT_SIGNAL (SIGRTMAX - 3)

static void jrr_ignore(int sig) {
    (void)sig;
}

static pthread_once_t jrr_once = PTHREAD_ONCE_INIT;

static void jrr_install(void) {
    struct sigaction sa = {0};
    sa.sa_handler = jrr_ignore;
    sigemptyset(&sa.sa_mask);
    sigaction(JRR_TIMEOUT_SIGNAL, &sa, NULL);
}

static __thread timer_t jrr_timer;
static __thread int jrr_has_timer;

int jrr_waitpid_timeout(int pid, int *status, int options, int64_t timeout_ns) {
    if (timeout_ns <= 0) {
        int r = waitpid(pid, status, options | __WALL);
        return r < 0 ? -errno : r;
    }
    pthread_once(&jrr_once, jrr_install);
    if (!jrr_has_timer) {
        struct sigevent ev = {0};
        ev.sigev_notify = SIGEV_THREAD_ID;
        ev.sigev_signo = JRR_TIMEOUT_SIGNAL;
        ev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
        if (timer_create(CLOCK_MONOTONIC, &ev, &jrr_timer) != 0) {
            return -errno;
        }
        jrr_has_timer = 1;
    }
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, JRR_TIMEOUT_SIGNAL);
    pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
    struct itimerspec spec = {0};
    spec.it_value.tv_sec = timeout_ns / 1000000000;
    spec.it_value.tv_nsec = timeout_ns % 1000000000;
    spec.it_interval.tv_nsec = 1000000;
    timer_settime(jrr_timer, 0, &spec, NULL);
    int r = waitpid(pid, status, options | __WALL);
    int err = errno;
    struct itimerspec off = {0};
    timer_settime(jrr_timer, 0, &off, NULL); /* a signal still pending is taken on this call's return */
    if (r < 0) {
        return err == EINTR ? 0 : -err;
    }
    return r;
}
