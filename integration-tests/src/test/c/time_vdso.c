/*
 * Clocks, which natively go through the vDSO: clock_gettime on several
 * clocks, gettimeofday, time, clock_getres, sched_getcpu and getcpu, in a loop
 * of 20 iterations. All values are printed.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "jrr_test.h"

static const struct {
  clockid_t id;
  const char *name;
} clocks[] = {
    {CLOCK_REALTIME, "REALTIME"},
    {CLOCK_MONOTONIC, "MONOTONIC"},
    {CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW"},
    {CLOCK_BOOTTIME, "BOOTTIME"},
    {CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID"},
    {CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID"},
    {CLOCK_REALTIME_COARSE, "REALTIME_COARSE"},
    {CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE"},
};
#define NCLOCKS (sizeof(clocks) / sizeof(clocks[0]))

static long long ts_ns(const struct timespec *ts) {
  return (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

int main(void) {
  for (size_t c = 0; c < NCLOCKS; c++) {
    struct timespec res;
    test_assert(clock_getres(clocks[c].id, &res) == 0);
    printf("res %s %lld.%09ld\n", clocks[c].name, (long long)res.tv_sec, res.tv_nsec);
  }

  long long last[NCLOCKS];
  for (size_t c = 0; c < NCLOCKS; c++) {
    last[c] = -1;
  }

  for (int i = 0; i < 20; i++) {
    for (size_t c = 0; c < NCLOCKS; c++) {
      struct timespec ts;
      test_assert(clock_gettime(clocks[c].id, &ts) == 0);
      long long ns = ts_ns(&ts);
      printf("%d %s %lld.%09ld\n", i, clocks[c].name, (long long)ts.tv_sec, ts.tv_nsec);
      /* REALTIME can step backwards; the others must not. */
      if (clocks[c].id != CLOCK_REALTIME && clocks[c].id != CLOCK_REALTIME_COARSE) {
        test_assert(ns >= last[c]);
      }
      last[c] = ns;
    }
    struct timeval tv;
    test_assert(gettimeofday(&tv, NULL) == 0);
    printf("%d gettimeofday %lld.%06ld\n", i, (long long)tv.tv_sec, (long)tv.tv_usec);
    time_t t = time(NULL);
    test_assert(t != (time_t)-1);
    printf("%d time %lld\n", i, (long long)t);

    int cpu = sched_getcpu();
    test_assert(cpu >= 0);
    unsigned gcpu = 0, gnode = 0;
    test_assert(getcpu(&gcpu, &gnode) == 0);
    printf("%d sched_getcpu %d getcpu %u node %u\n", i, cpu, gcpu, gnode);
  }

  return exit_success();
}
