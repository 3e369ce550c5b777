/*
 * Reads stdin until EOF and prints the number of bytes and their checksum
 * (the input itself is not echoed back).
 */
#include <unistd.h>

#include "jrr_test.h"

int main(void) {
  static char buf[65536];
  uint64_t h = FNV_INIT;
  unsigned long long total = 0, reads = 0;
  for (;;) {
    ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    test_assert(n >= 0);
    if (n == 0) {
      break;
    }
    h = fnv1a(h, buf, (size_t)n);
    total += (unsigned long long)n;
    reads++;
  }
  printf("stdin bytes %llu checksum %016llx\n", total, (unsigned long long)h);
  return exit_success();
}
