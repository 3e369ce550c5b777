/*
 * Four threads append their ids to a shared log under a mutex, sleeping a
 * little between entries, so the order of the log differs between runs; the
 * main thread joins them and prints the log and each thread's tid.
 */
#include "jrr_test.h"
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define THREADS 4
#define ROUNDS 20

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char order[THREADS * ROUNDS + 1];
static int used;
static pid_t tids[THREADS];

static void *work(void *arg) {
  int id = (int)(intptr_t)arg;
  tids[id] = (pid_t)syscall(SYS_gettid);
  for (int i = 0; i < ROUNDS; i++) {
    struct timespec ts = {0, (long)((id * 7 + i * 13) % 4 + 1) * 1000000};
    nanosleep(&ts, NULL);
    pthread_mutex_lock(&lock);
    order[used++] = (char)('a' + id);
    pthread_mutex_unlock(&lock);
  }
  return (void *)(intptr_t)(id * 10);
}

int main(void) {
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++) {
    test_assert(pthread_create(&t[i], NULL, work, (void *)(intptr_t)i) == 0);
  }
  for (int i = 0; i < THREADS; i++) {
    void *r;
    test_assert(pthread_join(t[i], &r) == 0);
    test_assert((intptr_t)r == i * 10);
  }
  order[used] = 0;
  printf("order %s\n", order);
  for (int i = 0; i < THREADS; i++) {
    printf("thread %d tid %d\n", i, (int)tids[i]);
  }
  printf("pid %d\n", (int)getpid());
  return exit_success();
}
