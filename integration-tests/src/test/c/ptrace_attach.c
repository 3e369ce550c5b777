/* Tracers that attach: the parent attaches to a running child (PTRACE_ATTACH, whose SIGSTOP it then suppresses),
 * reads its memory and detaches; seizes it (PTRACE_SEIZE with EXITKILL), stops it with PTRACE_INTERRUPT and reads
 * its registers, and kills it with PTRACE_KILL. Then a sibling traces a sibling: a second child seizes the first,
 * interrupts it, lets it go on, kills it and learns of its end through its own wait, though it is not its parent.
 * Last, tracers die with their tracee stopped: it is let go, or killed with them (EXITKILL). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/ptrace.h>
#include "jrr_test.h"

static volatile long rounds;

static void spin(int out) {
  for (;;) {
    rounds++;
    if (rounds == 3) {
      test_assert(write(out, "r", 1) == 1); /* it runs: the tracers may start */
    }
    usleep(2000);
  }
}

static pid_t spinner(void) {
  int fds[2];
  test_assert(pipe(fds) == 0);
  fflush(stdout);
  pid_t child = fork();
  test_assert(child >= 0);
  if (child == 0) {
    close(fds[0]);
    spin(fds[1]);
  }
  close(fds[1]);
  char c;
  test_assert(read(fds[0], &c, 1) == 1);
  close(fds[0]);
  return child;
}

static int event_of(int status) {
  return status >> 16;
}

int main(void) {
  int status;
  pid_t child = spinner();
  test_assert(ptrace(PTRACE_ATTACH, child, NULL, NULL) == 0);
  test_assert(waitpid(child, &status, 0) == child);
  test_assert(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
  errno = 0;
  long seen = ptrace(PTRACE_PEEKDATA, child, (void *)&rounds, NULL);
  test_assert(errno == 0 && seen >= 3);
  printf("attach: stopped by SIGSTOP, it had made at least 3 rounds\n");
  test_assert(ptrace(PTRACE_DETACH, child, NULL, NULL) == 0);
  test_assert(ptrace(PTRACE_SEIZE, child, NULL, (void *)(long)PTRACE_O_EXITKILL) == 0);
  test_assert(ptrace(PTRACE_INTERRUPT, child, NULL, NULL) == 0);
  test_assert(waitpid(child, &status, 0) == child);
  test_assert(WIFSTOPPED(status) && WSTOPSIG(status) == SIGTRAP && event_of(status) == PTRACE_EVENT_STOP);
  struct user_regs_struct regs;
  test_assert(ptrace(PTRACE_GETREGS, child, NULL, &regs) == 0);
  printf("seize: interrupted, registers read (rsp %s)\n", regs.rsp != 0 ? "set" : "zero");
  test_assert(ptrace(PTRACE_CONT, child, NULL, NULL) == 0);
  test_assert(ptrace(PTRACE_KILL, child, NULL, NULL) == 0);
  test_assert(waitpid(child, &status, 0) == child);
  printf("kill: the child ended by signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : -1);

  pid_t traced = spinner();
  fflush(stdout);
  pid_t tracer = fork();
  test_assert(tracer >= 0);
  if (tracer == 0) {
    test_assert(ptrace(PTRACE_SEIZE, traced, NULL, NULL) == 0);
    test_assert(ptrace(PTRACE_INTERRUPT, traced, NULL, NULL) == 0);
    test_assert(waitpid(traced, &status, __WALL) == traced);
    test_assert(WIFSTOPPED(status) && event_of(status) == PTRACE_EVENT_STOP);
    test_assert(ptrace(PTRACE_CONT, traced, NULL, NULL) == 0);
    kill(traced, SIGKILL);
    test_assert(waitpid(traced, &status, __WALL) == traced);
    printf("sibling: its tracee ended by signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : -1);
    fflush(stdout);
    _exit(0);
  }
  test_assert(waitpid(tracer, &status, 0) == tracer && WIFEXITED(status) && WEXITSTATUS(status) == 0);
  test_assert(waitpid(traced, &status, 0) == traced);
  printf("parent: the traced sibling ended by signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : -1);

  /* Tracers that die with their tracee stopped: without EXITKILL it is let go and runs on; with it, it dies. */
  for (int exitkill = 0; exitkill <= 1; exitkill++) {
    traced = spinner();
    fflush(stdout);
    tracer = fork();
    test_assert(tracer >= 0);
    if (tracer == 0) {
      test_assert(ptrace(PTRACE_SEIZE, traced, NULL, (void *)(long)(exitkill ? PTRACE_O_EXITKILL : 0)) == 0);
      test_assert(ptrace(PTRACE_INTERRUPT, traced, NULL, NULL) == 0);
      test_assert(waitpid(traced, &status, __WALL) == traced && WIFSTOPPED(status));
      _exit(0); /* with its tracee stopped */
    }
    test_assert(waitpid(tracer, &status, 0) == tracer);
    if (!exitkill) {
      errno = 0;
      long before = ptrace(PTRACE_PEEKDATA, traced, (void *)&rounds, NULL);
      test_assert(before == -1 && errno == ESRCH); /* no longer traced */
      usleep(20000);
      kill(traced, SIGKILL);
    }
    test_assert(waitpid(traced, &status, 0) == traced);
    printf("tracer died%s: its tracee ended by signal %d\n", exitkill ? " (EXITKILL)" : "",
           WIFSIGNALED(status) ? WTERMSIG(status) : -1);
  }
  exit_success();
}
