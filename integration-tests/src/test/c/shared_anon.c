/*
 * Anonymous shared memory between processes: the parent maps a shared page,
 * forks two children that each add to a counter in it under a lock word
 * taken with atomics, and prints the total after waiting for them.
 */
#include "jrr_test.h"
#include <sys/mman.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
  volatile int lock;
  volatile int total;
  volatile int last;
};

static void add(struct shared *s, int who, int n) {
  for (int i = 0; i < n; i++) {
    while (__sync_lock_test_and_set(&s->lock, 1)) {
      sched_yield();
    }
    s->total++;
    s->last = who;
    __sync_lock_release(&s->lock);
    if (i % 10 == 0) {
      usleep(100);
    }
  }
}

int main(void) {
  struct shared *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  test_assert(s != MAP_FAILED);
  pid_t kids[2];
  for (int k = 0; k < 2; k++) {
    kids[k] = fork();
    test_assert(kids[k] >= 0);
    if (kids[k] == 0) {
      add(s, k + 1, 100);
      _exit(0);
    }
  }
  for (int k = 0; k < 2; k++) {
    test_assert(waitpid(kids[k], NULL, 0) == kids[k]);
  }
  printf("total %d, last writer %d\n", s->total, s->last);
  return exit_success();
}
