/*
 * Exit statuses.
 *   exit_code          prints "exiting with 0", EXIT-SUCCESS, exits 0
 *   exit_code N        prints "exiting with N", exits with status N (no EXIT-SUCCESS)
 *   exit_code abort    prints "aborting", calls abort() (SIGABRT)
 *   exit_code segv     prints "segfaulting", dereferences NULL (SIGSEGV)
 *   exit_code gpf      prints "faulting", reads a non-canonical address (SIGSEGV raised by the kernel as a
 *                      general-protection fault, si_code SI_KERNEL)
 */
#include <unistd.h>

#include "jrr_test.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    printf("exiting with 0\n");
    return exit_success();
  }
  const char *mode = argv[1];
  if (strcmp(mode, "abort") == 0) {
    printf("aborting\n");
    fflush(stdout);
    abort();
  }
  if (strcmp(mode, "segv") == 0) {
    printf("segfaulting\n");
    fflush(stdout);
    int *volatile p = NULL;
    *p = 42;
    printf("survived the NULL dereference?\n");
    return 1;
  }
  if (strcmp(mode, "gpf") == 0) {
    printf("faulting\n");
    fflush(stdout);
    volatile long *p = (long *)0xdeadbeefdeadbeefUL;
    return (int)*p;
  }
  char *end;
  errno = 0;
  long n = strtol(mode, &end, 10);
  if (errno != 0 || *end != 0 || end == mode || n < 0 || n > 255) {
    fprintf(stderr, "usage: %s [N (0..255) | abort | segv | gpf]\n", argv[0]);
    return 2;
  }
  printf("exiting with %ld\n", n);
  fflush(stdout);
  exit((int)n);
}
