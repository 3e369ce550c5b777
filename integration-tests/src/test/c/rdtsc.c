/*
 * The time stamp counter: __rdtsc() and __rdtscp() ten times each, printing
 * the values, the IA32_TSC_AUX value from rdtscp and the differences.
 */
#include <x86intrin.h>

#include "jrr_test.h"

#define N 10

int main(void) {
  unsigned long long tsc[N], tscp[N];
  unsigned aux[N];

  for (int i = 0; i < N; i++) {
    tsc[i] = __rdtsc();
  }
  for (int i = 0; i < N; i++) {
    tscp[i] = __rdtscp(&aux[i]);
  }

  for (int i = 0; i < N; i++) {
    printf("rdtsc %d %llu diff %lld\n", i, tsc[i],
           i ? (long long)(tsc[i] - tsc[i - 1]) : 0LL);
  }
  for (int i = 0; i < N; i++) {
    printf("rdtscp %d %llu aux %u diff %lld\n", i, tscp[i], aux[i],
           i ? (long long)(tscp[i] - tscp[i - 1]) : 0LL);
  }
  printf("rdtscp-rdtsc %lld\n", (long long)(tscp[0] - tsc[N - 1]));
  test_assert(tsc[0] != 0);
  test_assert(tscp[0] != 0);

  /* Some more, interleaved with output (and so with syscalls). */
  for (int i = 0; i < N; i++) {
    unsigned a;
    unsigned long long t1 = __rdtsc();
    unsigned long long t2 = __rdtscp(&a);
    printf("pair %d %llu %llu\n", i, t1, t2);
  }

  return exit_success();
}
