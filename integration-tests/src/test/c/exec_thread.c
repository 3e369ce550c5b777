/*
 * execve from a thread that is not the main thread: the kernel ends the other
 * threads, and the exec'd program runs with the process's pid. The program
 * exec's itself with an argument and prints its pid both times.
 */
#include "jrr_test.h"
#include <pthread.h>
#include <unistd.h>

static char *self;

static void *execer(void *arg) {
  (void)arg;
  printf("thread execs, pid %d\n", (int)getpid());
  fflush(stdout);
  execl(self, self, "again", (char *)NULL);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 1) {
    printf("after exec from a thread: pid %d\n", (int)getpid());
    return exit_success();
  }
  self = argv[0];
  pthread_t t;
  test_assert(pthread_create(&t, NULL, execer, NULL) == 0);
  for (;;) {
    pause(); /* the exec ends this thread */
  }
}
