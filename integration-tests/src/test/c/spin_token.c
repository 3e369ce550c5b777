/*
 * Two threads hand a token back and forth by spinning on a shared variable,
 * with no syscalls while they wait: each waits until the token is its own,
 * then passes it on. Without a tick counter the recorder must interrupt a
 * spinning thread to let the other one run.
 */
#include "jrr_test.h"
#include <pthread.h>
#include <unistd.h>

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

static void *quick(void *arg) {
  (void)arg;
  return (void *)(intptr_t)getpid();
}

int main(void) {
  /* a thread that has come and gone first: jrr's scratch area for it stays in the address space */
  pthread_t q;
  test_assert(pthread_create(&q, NULL, quick, NULL) == 0);
  test_assert(pthread_join(q, NULL) == 0);
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
