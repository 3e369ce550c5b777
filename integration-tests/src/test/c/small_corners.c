/* Small corners: prctl(PR_GET_TSC) shows the program's own setting (jrr traps rdtsc itself, the program must not
 * see that), PR_SET_TSC to SIGSEGV and back is the program's business too; epoll_pwait with a signal mask waits
 * with that mask; a thread made while a signal is blocked inherits the mask. */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "jrr_test.h"

static void *show_mask(void *arg) {
  (void)arg;
  sigset_t now;
  pthread_sigmask(SIG_BLOCK, NULL, &now);
  printf("thread: SIGUSR1 %s\n", sigismember(&now, SIGUSR1) ? "blocked" : "not blocked");
  return NULL;
}

static sigjmp_buf back;

static void on_segv(int sig) {
  (void)sig;
  siglongjmp(back, 1);
}

static unsigned long long rdtsc(void) {
  unsigned lo, hi;
  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return ((unsigned long long)hi << 32) | lo;
}

static void cpuid0(void) {
  unsigned a = 0, b, c = 0, d;
  __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
}

int main(void) {
  struct sigaction sa = {.sa_handler = on_segv};
  test_assert(sigaction(SIGSEGV, &sa, NULL) == 0);
  int tsc = -1;
  test_assert(prctl(PR_GET_TSC, &tsc, 0, 0, 0) == 0);
  printf("PR_GET_TSC: %d\n", tsc);
  test_assert(prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0) == 0);
  test_assert(prctl(PR_GET_TSC, &tsc, 0, 0, 0) == 0);
  printf("after PR_SET_TSC SIGSEGV: %d\n", tsc);
  if (sigsetjmp(back, 1) == 0) {
    rdtsc();
    printf("rdtsc ran\n");
  } else {
    printf("rdtsc faulted, as asked\n");
  }
  test_assert(prctl(PR_SET_TSC, PR_TSC_ENABLE, 0, 0, 0) == 0);
  if (sigsetjmp(back, 1) == 0) {
    rdtsc();
    printf("rdtsc ran again\n");
  } else {
    printf("rdtsc faulted again\n");
  }
  printf("ARCH_GET_CPUID: %ld\n", syscall(SYS_arch_prctl, ARCH_GET_CPUID, 0));
  long r = syscall(SYS_arch_prctl, ARCH_SET_CPUID, 0);
  printf("ARCH_SET_CPUID 0: %ld\n", r);
  if (r == 0) {
    printf("ARCH_GET_CPUID: %ld\n", syscall(SYS_arch_prctl, ARCH_GET_CPUID, 0));
    if (sigsetjmp(back, 1) == 0) {
      cpuid0();
      printf("cpuid ran\n");
    } else {
      printf("cpuid faulted, as asked\n");
    }
    test_assert(syscall(SYS_arch_prctl, ARCH_SET_CPUID, 1) == 0);
  }
  test_assert(prctl(PR_GET_TSC, &tsc, 0, 0, 0) == 0);
  printf("after PR_SET_TSC ENABLE: %d\n", tsc);

  int ep = epoll_create1(0);
  test_assert(ep >= 0);
  int fds[2];
  test_assert(pipe(fds) == 0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 42};
  test_assert(epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev) == 0);
  test_assert(write(fds[1], "x", 1) == 1);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR2);
  struct epoll_event got[2];
  int n = epoll_pwait(ep, got, 2, 1000, &mask);
  printf("epoll_pwait: %d, data %llu\n", n, n > 0 ? (unsigned long long)got[0].data.u64 : 0ULL);
  n = epoll_pwait(ep, got, 2, 10, &mask);
  printf("epoll_pwait again: %d\n", n);

  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  test_assert(pthread_sigmask(SIG_BLOCK, &block, NULL) == 0);
  pthread_t t;
  test_assert(pthread_create(&t, NULL, show_mask, NULL) == 0);
  test_assert(pthread_join(t, NULL) == 0);
  exit_success();
}
