/*
 * Group stop and SIGCONT between processes: the parent stops its child with
 * SIGSTOP, sees it stopped with waitpid(WUNTRACED), continues it with SIGCONT
 * (seen with WCONTINUED), then ends it with SIGTERM and reads a core-dumping
 * SIGQUIT exit from a second child.
 */
#include "jrr_test.h"
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void nap(long ms) {
  struct timespec ts = {0, ms * 1000000};
  nanosleep(&ts, NULL);
}

int main(void) {
  pid_t child = fork();
  if (child == 0) {
    for (;;) {
      nap(5);
    }
  }
  int status;
  nap(20);
  kill(child, SIGSTOP);
  test_assert(waitpid(child, &status, WUNTRACED) == child);
  printf("stopped %d by signal %d\n", WIFSTOPPED(status), WSTOPSIG(status));
  kill(child, SIGCONT);
  test_assert(waitpid(child, &status, WCONTINUED) == child);
  printf("continued %d\n", WIFCONTINUED(status));
  kill(child, SIGTERM);
  test_assert(waitpid(child, &status, 0) == child);
  printf("terminated %d by signal %d\n", WIFSIGNALED(status), WTERMSIG(status));

  pid_t quitter = fork();
  if (quitter == 0) {
    raise(SIGQUIT);
    _exit(0);
  }
  test_assert(waitpid(quitter, &status, 0) == quitter);
  printf("quit by signal %d\n", WTERMSIG(status));
  return exit_success();
}
