/* What jrr's ptrace emulation refuses, and how a program sees it: the child asks to be traced and stops itself;
 * the parent tries to set its floating-point registers, to change its siginfo, to emulate its syscalls (SYSEMU)
 * and to see its seccomp filter's stops (TRACESECCOMP). Natively each works; under jrr each fails (ENOSYS three
 * times, then EINVAL) with a note naming it, and the program goes on: the recording neither hangs nor replays
 * differently. Either way the parent then kills the child and sees it end. */
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

int main(void) {
  fflush(stdout);
  pid_t child = fork();
  test_assert(child >= 0);
  if (child == 0) {
    test_assert(ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0);
    raise(SIGSTOP);
    for (;;) {
      pause();
    }
  }
  int status;
  test_assert(waitpid(child, &status, 0) == child && WIFSTOPPED(status));
  struct user_fpregs_struct fp;
  test_assert(ptrace(PTRACE_GETFPREGS, child, NULL, &fp) == 0);
  long r = ptrace(PTRACE_SETFPREGS, child, NULL, &fp);
  printf("parent: PTRACE_SETFPREGS = %ld (errno %d)\n", r, r < 0 ? errno : 0);
  siginfo_t si;
  test_assert(ptrace(PTRACE_GETSIGINFO, child, NULL, &si) == 0);
  r = ptrace(PTRACE_SETSIGINFO, child, NULL, &si);
  printf("parent: PTRACE_SETSIGINFO = %ld (errno %d)\n", r, r < 0 ? errno : 0);
  r = ptrace(PTRACE_SYSEMU, child, NULL, NULL);
  printf("parent: PTRACE_SYSEMU = %ld (errno %d)\n", r, r < 0 ? errno : 0);
  if (r == 0) { /* natively: it stops at its next syscall's entry */
    test_assert(waitpid(child, &status, 0) == child && WIFSTOPPED(status));
  }
  r = ptrace(PTRACE_SETOPTIONS, child, NULL, (void *)(long)PTRACE_O_TRACESECCOMP);
  printf("parent: PTRACE_SETOPTIONS(TRACESECCOMP) = %ld (errno %d)\n", r, r < 0 ? errno : 0);
  test_assert(ptrace(PTRACE_KILL, child, NULL, NULL) == 0);
  test_assert(waitpid(child, &status, 0) == child);
  printf("parent: the child ended by signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : -1);
  exit_success();
}
