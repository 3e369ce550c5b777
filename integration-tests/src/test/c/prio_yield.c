/*
 * Scheduling hints: two threads append to a shared log and call sched_yield
 * after each entry, one at the default priority and one that lowers its own
 * (setpriority on its tid); a third pair at equal priority takes turns through
 * sched_yield. The logs show the order the scheduler chose. Last, the main
 * thread spins, without syscalls, until a lower-priority thread sets a flag:
 * strict priorities must not starve that thread.
 */
#include "jrr_test.h"
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ROUNDS 15

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char log_[4 * ROUNDS + 1];
static int used;

struct who {
  char id;
  int nice;
};

static void *work(void *arg) {
  struct who *w = arg;
  if (w->nice) {
    test_assert(setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), w->nice) == 0);
  }
  for (int i = 0; i < ROUNDS; i++) {
    pthread_mutex_lock(&lock);
    log_[used++] = w->id;
    pthread_mutex_unlock(&lock);
    sched_yield();
  }
  return NULL;
}

static void run(struct who *a, struct who *b) {
  pthread_t ta, tb;
  used = 0;
  test_assert(pthread_create(&ta, NULL, work, a) == 0);
  test_assert(pthread_create(&tb, NULL, work, b) == 0);
  test_assert(pthread_join(ta, NULL) == 0);
  test_assert(pthread_join(tb, NULL) == 0);
  log_[used] = 0;
}

static volatile int flag;

static void *set_flag(void *arg) {
  (void)arg;
  test_assert(setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10) == 0);
  flag = 1;
  return NULL;
}

int main(void) {
  struct who hi = {'H', 0}, lo = {'l', 10}, a = {'a', 0}, b = {'b', 0};
  run(&lo, &hi);
  printf("priorities: %s\n", log_);
  run(&a, &b);
  printf("yield: %s\n", log_);
  pthread_t t;
  test_assert(pthread_create(&t, NULL, set_flag, NULL) == 0);
  while (!flag) {
  }
  test_assert(pthread_join(t, NULL) == 0);
  printf("the low-priority thread ran while main spun\n");
  return exit_success();
}
