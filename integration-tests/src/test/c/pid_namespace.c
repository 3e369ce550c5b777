/* A child in a new PID namespace (unshare(CLONE_NEWPID), then fork): it is pid 1 there, makes a child of its own
 * (pid 2 there), and when it exits, the namespace's init, the kernel kills what is left in the namespace (a
 * grandchild still sleeping). A second namespace made by clone(CLONE_NEWPID). Pids inside and outside are printed:
 * a replay must give the same. Needs CAP_SYS_ADMIN (root); without it, prints that it could not and succeeds. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "jrr_test.h"

static int init_body(void *arg) {
  (void)arg;
  printf("clone init: pid %d, parent %d\n", getpid(), getppid());
  fflush(stdout);
  pid_t kid = fork();
  test_assert(kid >= 0);
  if (kid == 0) {
    printf("clone grandchild: pid %d, parent %d\n", getpid(), getppid());
    fflush(stdout);
    _exit(5);
  }
  int status;
  test_assert(waitpid(kid, &status, 0) == kid);
  printf("clone init reaped %d: status %d\n", kid, WEXITSTATUS(status));
  fflush(stdout);
  return 7;
}

int main(void) {
  /* a namespace made by clone(CLONE_NEWPID) */
  int status;
  static char stack[64 * 1024];
  fflush(stdout);
  pid_t other = clone(init_body, stack + sizeof stack, CLONE_NEWPID | SIGCHLD, NULL);
  if (other < 0) {
    printf("clone CLONE_NEWPID: errno %d\n", errno);
  } else {
    test_assert(waitpid(other, &status, 0) == other);
    printf("clone init exited %d\n", WEXITSTATUS(status));
  }

  /* unshare(CLONE_NEWPID): our next child is the new namespace's init */
  if (unshare(CLONE_NEWPID) != 0) {
    printf("no PID namespace: errno %d\n", errno);
    exit_success();
    return 0;
  }
  int pipefd[2];
  test_assert(pipe(pipefd) == 0);
  fflush(stdout);
  pid_t init = fork();
  test_assert(init >= 0);
  if (init == 0) {
    printf("init: pid %d, parent %d\n", getpid(), getppid());
    fflush(stdout);
    pid_t kid = fork();
    test_assert(kid >= 0);
    if (kid == 0) {
      printf("child of init: pid %d, parent %d\n", getpid(), getppid());
      fflush(stdout);
      close(pipefd[0]);
      test_assert(write(pipefd[1], "x", 1) == 1);
      pause(); /* killed when init exits */
      _exit(1);
    }
    char c;
    close(pipefd[1]);
    test_assert(read(pipefd[0], &c, 1) == 1);
    printf("init made %d, and exits\n", kid);
    fflush(stdout);
    _exit(3);
  }
  close(pipefd[1]);
  close(pipefd[0]);
  test_assert(waitpid(init, &status, 0) == init);
  printf("init %s %d\n", WIFEXITED(status) ? "exited" : "killed", WIFEXITED(status) ? WEXITSTATUS(status)
                                                                                   : WTERMSIG(status));

  exit_success();
  return 0;
}
