/*
 * The syscall buffer's families, one after another, with results folded into a digest: the read/write
 * family, the stat family, lseek, the clocks, getpid-like queries, getrandom, poll, readv/writev, datagrams
 * (sendto, sendmsg, recvfrom with an address, recvmsg), epoll_wait, madvise, futex wake/wait, wake-op and the
 * priority-inheritance operations (one of them blocking while another thread holds the lock); sched_yield alone
 * and while another thread is ready; a pipe read
 * that blocks while another thread writes (desched); signals arriving during buffered syscalls; a fork with
 * records pending in the parent's buffer; and more syscalls than one buffer holds.
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t h = FNV_INIT;
static volatile sig_atomic_t ticks;

#define FOLD(v) do { __typeof__(v) v_ = (v); h = fnv1a(h, &v_, sizeof v_); } while (0)

static void on_alarm(int sig) {
    (void) sig;
    ticks++;
}

static int fds[2];

static pthread_mutex_t pi_lock;

static void *pi_locker(void *arg) {
    (void) arg;
    test_assert(pthread_mutex_lock(&pi_lock) == 0); /* blocks in FUTEX_LOCK_PI until main unlocks */
    test_assert(pthread_mutex_unlock(&pi_lock) == 0);
    return NULL;
}

static long futex(int *word, int op, long val, long val2, int *word2, int val3) {
    return syscall(SYS_futex, word, op, val, val2, word2, val3);
}

static volatile int yielded_to;

static void *yield_target(void *arg) {
    (void) arg;
    yielded_to = 1;
    return NULL;
}

static void *writer(void *arg) {
    (void) arg;
    usleep(20000); /* the reader is blocked by now */
    test_assert(write(fds[1], "late", 4) == 4);
    return NULL;
}

int main(void) {
    char buf[256];
    int fd = open("/proc/self/exe", O_RDONLY);
    test_assert(fd >= 0);
    /* read/write family */
    test_assert(read(fd, buf, 64) == 64);
    h = fnv1a(h, buf, 64);
    test_assert(pread(fd, buf, 32, 100) == 32);
    h = fnv1a(h, buf, 32);
    FOLD(lseek(fd, 0, SEEK_CUR));
    int null = open("/dev/null", O_WRONLY);
    test_assert(write(null, buf, 10) == 10 && pwrite(null, buf, 5, 0) == 5);
    /* stat family */
    struct stat st;
    test_assert(fstat(fd, &st) == 0);
    FOLD(st.st_ino);
    test_assert(stat("/proc/self/exe", &st) == 0 && lstat("/tmp", &st) == 0);
    FOLD(st.st_mtime);
    test_assert(fstatat(AT_FDCWD, "/usr", &st, 0) == 0);
    FOLD(st.st_ino);
    struct statx sx;
    test_assert(statx(AT_FDCWD, "/usr/bin", 0, STATX_BASIC_STATS, &sx) == 0);
    FOLD(sx.stx_ino);
    /* clocks and queries */
    struct timespec ts;
    test_assert(clock_gettime(CLOCK_REALTIME, &ts) == 0);
    FOLD(ts);
    struct timeval tv;
    test_assert(gettimeofday(&tv, NULL) == 0);
    FOLD(tv);
    FOLD(time(NULL));
    FOLD(getpid());
    FOLD(getppid());
    FOLD(gettid());
    FOLD(getuid() + geteuid() + getgid() + getegid());
    unsigned long r;
    test_assert(getrandom(&r, sizeof r, 0) == sizeof r);
    FOLD(r);
    struct pollfd p = {fd, POLLIN, 0};
    test_assert(poll(&p, 1, 0) == 1);
    FOLD(p.revents);
    /* vectors, sockets, epoll */
    char va[7], vb[9];
    struct iovec iov[2] = {{va, sizeof va}, {vb, sizeof vb}};
    test_assert(lseek(fd, 0, SEEK_SET) == 0 && readv(fd, iov, 2) == 16);
    h = fnv1a(h, va, sizeof va);
    h = fnv1a(h, vb, sizeof vb);
    test_assert(writev(null, iov, 2) == 16);
    int sv[2];
    test_assert(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
    test_assert(sendto(sv[0], "datagram", 8, 0, NULL, 0) == 8);
    struct iovec mi = {"second", 6};
    struct msghdr m = {.msg_iov = &mi, .msg_iovlen = 1};
    test_assert(sendmsg(sv[0], &m, 0) == 6);
    memset(buf, 'x', sizeof buf);
    struct sockaddr_storage from;
    socklen_t fromlen = sizeof from;
    test_assert(recvfrom(sv[1], buf, sizeof buf, 0, (struct sockaddr *) &from, &fromlen) == 8);
    FOLD(fromlen);
    h = fnv1a(h, buf, sizeof buf); /* past the datagram, the program's own bytes */
    test_assert(buf[8] == 'x');
    test_assert(recvfrom(sv[1], buf, sizeof buf, 0, NULL, NULL) == 6);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 42};
    test_assert(epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev) == 0 && sendto(sv[0], "x", 1, 0, NULL, 0) == 1);
    struct epoll_event got[4];
    test_assert(epoll_wait(ep, got, 4, 0) == 1 && got[0].data.u64 == 42);
    FOLD(got[0].events);
    /* recvmsg: the datagram epoll saw, then one spread over two buffers, each with the sender's address */
    char ra[4], rb[16];
    struct iovec riov[2] = {{ra, sizeof ra}, {rb, sizeof rb}};
    struct sockaddr_storage rfrom;
    struct msghdr rm = {.msg_name = &rfrom, .msg_namelen = sizeof rfrom, .msg_iov = riov, .msg_iovlen = 2};
    test_assert(recvmsg(sv[1], &rm, 0) == 1 && ra[0] == 'x');
    memset(rb, 'y', sizeof rb);
    test_assert(sendto(sv[0], "scattered", 9, 0, NULL, 0) == 9);
    rm.msg_namelen = sizeof rfrom;
    test_assert(recvmsg(sv[1], &rm, 0) == 9 && rb[4] == 'd' && rb[5] == 'y');
    FOLD(rm.msg_namelen);
    FOLD(rm.msg_flags);
    h = fnv1a(h, ra, sizeof ra);
    h = fnv1a(h, rb, sizeof rb);
    /* madvise: replay drops the page too */
    char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    test_assert(page != MAP_FAILED);
    page[0] = 7;
    test_assert(madvise(page, 4096, MADV_WILLNEED) == 0 && page[0] == 7);
    test_assert(madvise(page, 4096, MADV_DONTNEED) == 0 && page[0] == 0);
    test_assert(madvise(page + 1, 4096, MADV_DONTNEED) == -1 && errno == EINVAL);
    /* futex words the kernel writes: wake-op's second word, the owner word of the PI operations */
    int w1 = 0, w2 = 5;
    test_assert(futex(&w1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &w2, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 5)) == 0);
    test_assert(w2 == 6);
    int pi = 0;
    test_assert(futex(&pi, FUTEX_LOCK_PI_PRIVATE, 0, 0, NULL, 0) == 0 && pi == gettid());
    test_assert(futex(&pi, FUTEX_TRYLOCK_PI_PRIVATE, 0, 0, NULL, 0) == -1 && errno == EDEADLK);
    test_assert(futex(&pi, FUTEX_UNLOCK_PI_PRIVATE, 0, 0, NULL, 0) == 0 && pi == 0);
    test_assert(futex(&pi, FUTEX_TRYLOCK_PI_PRIVATE, 0, 0, NULL, 0) == 0 && (pi & FUTEX_TID_MASK) == gettid());
    test_assert(futex(&pi, FUTEX_UNLOCK_PI_PRIVATE, 0, 0, NULL, 0) == 0 && pi == 0);
    /* a priority-inheritance mutex another thread blocks on (FUTEX_LOCK_PI), handed over by FUTEX_UNLOCK_PI */
    pthread_mutexattr_t ma;
    test_assert(pthread_mutexattr_init(&ma) == 0 && pthread_mutexattr_setprotocol(&ma, PTHREAD_PRIO_INHERIT) == 0);
    test_assert(pthread_mutex_init(&pi_lock, &ma) == 0 && pthread_mutex_lock(&pi_lock) == 0);
    pthread_t locker;
    test_assert(pthread_create(&locker, NULL, pi_locker, NULL) == 0);
    usleep(20000); /* the locker is blocked by now */
    test_assert(pthread_mutex_unlock(&pi_lock) == 0 && pthread_join(locker, NULL) == 0);
    /* sched_yield with nobody else to run, then until another thread has run */
    for (int i = 0; i < 10; i++) {
        test_assert(sched_yield() == 0);
    }
    pthread_t target;
    test_assert(pthread_create(&target, NULL, yield_target, NULL) == 0);
    while (!yielded_to) {
        test_assert(sched_yield() == 0);
    }
    test_assert(pthread_join(target, NULL) == 0);
    int word = 0;
    test_assert(syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) == 0);
    test_assert(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0) == -1 && errno == EAGAIN);
    /* a pipe read that blocks until another thread writes */
    test_assert(pipe(fds) == 0);
    pthread_t t;
    test_assert(pthread_create(&t, NULL, writer, NULL) == 0);
    test_assert(read(fds[0], buf, sizeof buf) == 4);
    h = fnv1a(h, buf, 4);
    test_assert(pthread_join(t, NULL) == 0);
    /* signals while buffered syscalls run */
    signal(SIGALRM, on_alarm);
    struct itimerval it = {{0, 2000}, {0, 2000}};
    setitimer(ITIMER_REAL, &it, NULL);
    long n = 0;
    while (ticks < 5) {
        n += getppid() > 0;
    }
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    printf("ticks %d\n", (int) ticks);
    /* a fork with records pending: the child's own calls, then the parent's */
    FOLD(getpid());
    pid_t c = fork();
    test_assert(c >= 0);
    if (c == 0) {
        struct stat cs;
        _exit(fstat(fd, &cs) == 0 && getppid() > 0 && pread(fd, buf, 8, 0) == 8 ? 7 : 1);
    }
    int status;
    test_assert(waitpid(c, &status, 0) == c && WIFEXITED(status) && WEXITSTATUS(status) == 7);
    FOLD(getpid());
    /* more than one buffer holds */
    for (int i = 0; i < 40000; i++) {
        FOLD(getpid());
        if (i % 1000 == 0) {
            test_assert(clock_gettime(CLOCK_MONOTONIC, &ts) == 0);
            FOLD(ts);
        }
    }
    printf("digest %016llx\n", (unsigned long long) h);
    return exit_success();
}
