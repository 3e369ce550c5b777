/*
 * Randomness: getrandom (64 bytes), /dev/urandom (32 bytes), the kernel's
 * AT_RANDOM auxv bytes, and the (ASLR-randomised) address of a stack
 * variable. All differ from run to run.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <unistd.h>

#include "jrr_test.h"

static int all_zero(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (p[i]) {
      return 0;
    }
  }
  return 1;
}

int main(void) {
  unsigned char buf[64];
  memset(buf, 0, sizeof(buf));
  size_t got = 0;
  while (got < sizeof(buf)) {
    ssize_t n = getrandom(buf + got, sizeof(buf) - got, 0);
    test_assert(n > 0);
    got += (size_t)n;
  }
  print_hex("getrandom", buf, sizeof(buf));
  test_assert(!all_zero(buf, sizeof(buf)));

  unsigned char ubuf[32];
  memset(ubuf, 0, sizeof(ubuf));
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  test_assert(fd >= 0);
  got = 0;
  while (got < sizeof(ubuf)) {
    ssize_t n = read(fd, ubuf + got, sizeof(ubuf) - got);
    test_assert(n > 0);
    got += (size_t)n;
  }
  test_assert(close(fd) == 0);
  print_hex("urandom", ubuf, sizeof(ubuf));
  test_assert(!all_zero(ubuf, sizeof(ubuf)));

  const unsigned char *at_random = (const unsigned char *)getauxval(AT_RANDOM);
  test_assert(at_random != NULL);
  print_hex("at_random", at_random, 16);

  int stack_var = 42;
  printf("stack address %p\n", (void *)&stack_var);
  printf("main address %p\n", (void *)&main);

  return exit_success();
}
