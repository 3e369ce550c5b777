/* Four threads write lines to stdout, each line a write(2) of its own, interleaved by the scheduler: replay -a
 * must print them in the order they were written when recorded. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "jrr_test.h"

static void *talk(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < 40; i++) {
    char line[64];
    int n = snprintf(line, sizeof line, "thread %ld line %d\n", id, i);
    test_assert(write(1, line, (size_t)n) == n);
    if (i % 4 == (int)id) {
      struct timespec ts = {0, 200000};
      nanosleep(&ts, NULL);
    }
  }
  return NULL;
}

int main(void) {
  pthread_t t[4];
  for (long i = 0; i < 4; i++) {
    test_assert(pthread_create(&t[i], NULL, talk, (void *)i) == 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], NULL);
  }
  exit_success();
}
