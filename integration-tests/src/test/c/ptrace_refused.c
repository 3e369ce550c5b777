/* A program that traces its own child (PTRACE_TRACEME, then PTRACE_SEIZE from the parent), as debuggers and
 * sandboxes do. jrr emulates PTRACE_TRACEME but not PTRACE_SEIZE: that call fails with ENOSYS, the program sees
 * it and goes on, and the recording neither hangs nor replays differently. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include "jrr_test.h"

int main(void) {
  fflush(stdout);
  pid_t child = fork();
  test_assert(child >= 0);
  if (child == 0) {
    long r = ptrace(PTRACE_TRACEME, 0, NULL, NULL);
    printf("child: PTRACE_TRACEME = %ld (errno %d)\n", r, r < 0 ? errno : 0);
    fflush(stdout);
    _exit(0);
  }
  int status;
  test_assert(waitpid(child, &status, 0) == child);
  fflush(stdout);
  child = fork();
  test_assert(child >= 0);
  if (child == 0) {
    pause();
    _exit(0);
  }
  long r = ptrace(PTRACE_SEIZE, child, NULL, NULL);
  printf("parent: PTRACE_SEIZE = %ld (errno %d)\n", r, r < 0 ? errno : 0);
  kill(child, SIGKILL);
  test_assert(waitpid(child, &status, 0) == child);
  exit_success();
}
