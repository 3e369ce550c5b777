/*
 * Small helpers shared by jrr's own test tracees.
 *
 * Conventions: every program prints its tokens on stdout and, when it ran to
 * completion as intended, prints "EXIT-SUCCESS" on a line of its own and exits
 * with status 0. A failed check prints "FAILED: ..." on stderr and exits 1.
 * Values that differ from one real run to the next (times, pids, random bytes,
 * inode numbers, addresses...) are printed on purpose: a replay that did not
 * reproduce them exactly would print something different.
 */
#ifndef JRR_TEST_H
#define JRR_TEST_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define test_assert(cond)                                                     \
  do {                                                                        \
    if (!(cond)) {                                                            \
      int saved_errno_ = errno;                                               \
      fflush(stdout);                                                         \
      fprintf(stderr, "FAILED: %s:%d: %s (errno %d: %s)\n", __FILE__,         \
              __LINE__, #cond, saved_errno_, strerror(saved_errno_));         \
      exit(1);                                                                \
    }                                                                         \
  } while (0)

/* 64-bit FNV-1a, continued from 'h' (start with FNV_INIT). */
#define FNV_INIT 0xcbf29ce484222325ULL

static inline uint64_t fnv1a(uint64_t h, const void *data, size_t len) {
  const unsigned char *p = (const unsigned char *)data;
  for (size_t i = 0; i < len; i++) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

static inline void print_hex(const char *label, const void *data, size_t len) {
  const unsigned char *p = (const unsigned char *)data;
  printf("%s ", label);
  for (size_t i = 0; i < len; i++) {
    printf("%02x", p[i]);
  }
  printf("\n");
}

static inline int exit_success(void) {
  printf("EXIT-SUCCESS\n");
  fflush(stdout);
  return 0;
}

#endif
