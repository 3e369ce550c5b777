/*
 * The main thread ends the process (_exit) while six other threads are busy
 * making syscalls: the kernel kills them wherever they are, some while jrr
 * holds them stopped.
 */
#include "jrr_test.h"
#include <pthread.h>
#include <unistd.h>

static void *busy(void *arg) {
  (void)arg;
  for (;;) {
    getppid();
  }
  return NULL;
}

int main(void) {
  pthread_t t;
  for (int i = 0; i < 6; i++) {
    test_assert(pthread_create(&t, NULL, busy, NULL) == 0);
  }
  for (int i = 0; i < 3000; i++) {
    getppid();
  }
  exit_success();
  _exit(0);
}
