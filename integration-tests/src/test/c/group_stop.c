/* Many threads in a group-stop at once: a child with eight busy threads is stopped (SIGSTOP) and continued
 * (SIGCONT) by its parent, twice; a fatal signal then ends it while its threads run. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "jrr_test.h"

static void nap(long ms) {
  struct timespec ts = {0, ms * 1000000};
  nanosleep(&ts, NULL);
}

static void *work(void *arg) {
  volatile unsigned long n = 0;
  for (int i = 0; i < 2000; i++) {
    for (int j = 0; j < 1000; j++) {
      n += (unsigned long)arg;
    }
    if (i % 10 == 0) {
      nap(1);
    }
  }
  return NULL;
}

int main(void) {
  fflush(stdout);
  pid_t child = fork();
  test_assert(child >= 0);
  if (child == 0) {
    pthread_t t[8];
    for (long i = 0; i < 8; i++) {
      test_assert(pthread_create(&t[i], NULL, work, (void *)i) == 0);
    }
    for (int i = 0; i < 8; i++) {
      pthread_join(t[i], NULL);
    }
    pause();
    _exit(0);
  }
  int status;
  for (int round = 0; round < 2; round++) {
    nap(20);
    test_assert(kill(child, SIGSTOP) == 0);
    test_assert(waitpid(child, &status, WUNTRACED) == child);
    printf("round %d: stopped by %d\n", round, WIFSTOPPED(status) ? WSTOPSIG(status) : -1);
    nap(5);
    test_assert(kill(child, SIGCONT) == 0);
    test_assert(waitpid(child, &status, WCONTINUED) == child);
    printf("round %d: continued %s\n", round, WIFCONTINUED(status) ? "yes" : "no");
  }
  nap(10);
  test_assert(kill(child, SIGTERM) == 0);
  test_assert(waitpid(child, &status, 0) == child);
  printf("ended by signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : -1);
  exit_success();
}
