/* A small debugger: the child asks to be traced (PTRACE_TRACEME) and stops itself; the parent reads and changes
 * its memory (PEEKDATA, POKEDATA), reads its registers and siginfo, suppresses one signal and passes another on
 * (PTRACE_CONT with and without a signal), and waits for its exit: what jrr's ptrace emulation covers. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#include "jrr_test.h"

static volatile long secret = 42;

static void on_usr1(int sig) {
  (void)sig;
  printf("child: SIGUSR1 handled, secret is %ld\n", secret);
  fflush(stdout);
}

int main(void) {
  fflush(stdout);
  pid_t child = fork();
  test_assert(child >= 0);
  if (child == 0) {
    signal(SIGUSR1, on_usr1);
    signal(SIGUSR2, on_usr1);
    if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0) {
      printf("child: PTRACE_TRACEME failed: errno %d\n", errno);
      fflush(stdout);
      _exit(2);
    }
    raise(SIGSTOP);
    raise(SIGUSR2); /* suppressed by the parent */
    raise(SIGUSR1); /* passed on */
    _exit(7);
  }
  int status;
  test_assert(waitpid(child, &status, 0) == child);
  if (!WIFSTOPPED(status)) {
    printf("parent: the child did not stop (status %#x)\n", status);
    exit_success();
    return 0;
  }
  printf("parent: stopped by %d\n", WSTOPSIG(status));
  errno = 0;
  long word = ptrace(PTRACE_PEEKDATA, child, (void *)&secret, NULL);
  printf("parent: PEEKDATA secret = %ld (errno %d)\n", word, errno);
  printf("parent: POKEDATA = %ld\n", ptrace(PTRACE_POKEDATA, child, (void *)&secret, (void *)1234L));
  struct user_regs_struct regs;
  memset(&regs, 0, sizeof regs);
  long r = ptrace(PTRACE_GETREGS, child, NULL, &regs);
  printf("parent: GETREGS = %ld, rip %s\n", r, regs.rip != 0 ? "set" : "zero");
  test_assert(ptrace(PTRACE_CONT, child, NULL, NULL) == 0);
  test_assert(waitpid(child, &status, 0) == child);
  printf("parent: stopped by %d\n", WIFSTOPPED(status) ? WSTOPSIG(status) : -1);
  test_assert(ptrace(PTRACE_CONT, child, NULL, NULL) == 0); /* SIGUSR2 suppressed */
  test_assert(waitpid(child, &status, 0) == child);
  printf("parent: stopped by %d\n", WIFSTOPPED(status) ? WSTOPSIG(status) : -1);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  test_assert(ptrace(PTRACE_GETSIGINFO, child, NULL, &si) == 0);
  printf("parent: siginfo says signal %d from %s\n", si.si_signo, si.si_pid == child ? "the child" : "elsewhere");
  test_assert(ptrace(PTRACE_CONT, child, NULL, (void *)(long)SIGUSR1) == 0);
  test_assert(waitpid(child, &status, 0) == child);
  printf("parent: the child exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  exit_success();
}
