/*
 * One thread blocks in read() on a pipe into a shared buffer while another
 * spins, without syscalls, until that buffer changes; the main thread writes
 * to the pipe later. The data must appear in the buffer at a point replay can
 * reproduce: jrr has the kernel write into scratch memory and copies it to the
 * buffer at the recorded end of the read.
 */
#include "jrr_test.h"
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static volatile char shared[64];
static int fds[2];

static void *reader(void *arg) {
  (void)arg;
  ssize_t n = read(fds[0], (char *)shared, sizeof shared - 1);
  test_assert(n > 0);
  return NULL;
}

static void *watcher(void *arg) {
  (void)arg;
  while (shared[0] == 0) {
  }
  printf("watcher saw: %s\n", (const char *)shared);
  return NULL;
}

int main(void) {
  test_assert(pipe(fds) == 0);
  pthread_t r, w;
  test_assert(pthread_create(&r, NULL, reader, NULL) == 0);
  test_assert(pthread_create(&w, NULL, watcher, NULL) == 0);
  struct timespec ts = {0, 30 * 1000000};
  nanosleep(&ts, NULL);
  const char msg[] = "hello through the pipe";
  test_assert(write(fds[1], msg, sizeof msg) == sizeof msg);
  test_assert(pthread_join(r, NULL) == 0);
  test_assert(pthread_join(w, NULL) == 0);
  return exit_success();
}
