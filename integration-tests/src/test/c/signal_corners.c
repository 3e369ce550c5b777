/* Signal corners: a seccomp filter of the program's own that traps a syscall (SIGSYS, whose handler sees the
 * syscall's number) and one that makes a syscall fail; a fault inside a signal handler, handled by another
 * handler; a core-dumping signal that kills a child with a clear-child-tid address (a thread); a stop signal
 * that arrives at an exec. */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "jrr_test.h"

static volatile int sigsys_nr = -1;

static void on_sigsys(int sig, siginfo_t *info, void *ctx) {
  (void)sig;
  (void)ctx;
  sigsys_nr = info->si_syscall;
}

static sigjmp_buf out_of_handler;

static void on_segv(int sig) {
  (void)sig;
  siglongjmp(out_of_handler, 1);
}

static void on_usr1(int sig) {
  (void)sig;
  volatile int *nowhere = (int *)8;
  *nowhere = 1; /* a fault inside a handler */
}

static void *crash(void *arg) {
  (void)arg;
  usleep(1000);
  abort();
  return NULL;
}

static void install_filter(void) {
  struct sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpgrp, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 77),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = {.len = sizeof code / sizeof code[0], .filter = code};
  test_assert(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0);
  test_assert(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0);
}

int main(void) {
  /* a fault in a handler */
  struct sigaction sa = {.sa_handler = on_segv, .sa_flags = SA_NODEFER};
  test_assert(sigaction(SIGSEGV, &sa, NULL) == 0);
  signal(SIGUSR1, on_usr1);
  if (sigsetjmp(out_of_handler, 1) == 0) {
    raise(SIGUSR1);
    printf("no fault?\n");
  } else {
    printf("the fault in the SIGUSR1 handler was handled\n");
  }

  /* a thread's abort kills its process with a core-dumping signal (no core: RLIMIT_CORE 0) */
  struct rlimit none = {0, 0};
  setrlimit(RLIMIT_CORE, &none);
  fflush(stdout);
  pid_t child = fork();
  test_assert(child >= 0);
  if (child == 0) {
    pthread_t t;
    test_assert(pthread_create(&t, NULL, crash, NULL) == 0);
    pause();
    _exit(0);
  }
  int status;
  test_assert(waitpid(child, &status, 0) == child);
  printf("the child ended by signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : -1);

  /* SIGSTOP at an exec: the child stops itself right before exec'ing; the parent continues it */
  fflush(stdout);
  child = fork();
  test_assert(child >= 0);
  if (child == 0) {
    raise(SIGSTOP);
    execl("/bin/true", "true", (char *)NULL);
    _exit(127);
  }
  test_assert(waitpid(child, &status, WUNTRACED) == child);
  printf("the child stopped: %d\n", WIFSTOPPED(status) ? WSTOPSIG(status) : -1);
  kill(child, SIGCONT);
  test_assert(waitpid(child, &status, 0) == child);
  printf("then exec'd true: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

  /* the program's own seccomp filter */
  struct sigaction sys = {.sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO};
  test_assert(sigaction(SIGSYS, &sys, NULL) == 0);
  install_filter();
  long r = syscall(SYS_getppid);
  printf("getppid trapped: SIGSYS for syscall %d (result %ld)\n", sigsys_nr, r);
  errno = 0;
  r = syscall(SYS_getpgrp);
  printf("getpgrp failed: %ld errno %d\n", r, errno);
  printf("getpid still works: %s\n", getpid() > 0 ? "yes" : "no");
  exit_success();
}
