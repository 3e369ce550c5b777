/*
 * Two threads hand a token back and forth by spinning on a shared variable,
 * with no syscalls while they wait: each waits until the token is its own,
 * then passes it on. Without a tick counter the recorder must interrupt a
 * spinning thread to let the other one run.
 */
#include "jrr_test.h"
#include <pthread.h>

#define ROUNDS 10

static volatile int token;
static volatile int passes[2];

static void *player(void *arg) {
  int me = (int)(intptr_t)arg;
  for (int i = 0; i < ROUNDS; i++) {
    while (token != me) {
    }
    passes[me]++;
    token = 1 - me;
  }
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++) {
    test_assert(pthread_create(&t[i], NULL, player, (void *)(intptr_t)i) == 0);
  }
  for (int i = 0; i < 2; i++) {
    test_assert(pthread_join(t[i], NULL) == 0);
  }
  printf("passes %d %d, token %d\n", passes[0], passes[1], token);
  return exit_success();
}
