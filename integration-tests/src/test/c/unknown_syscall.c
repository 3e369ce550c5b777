/* Calls jrr refuses: a number no kernel has (twice), the number of jrr's own request to its preload library,
 * made by the program, a syscall jrr refuses by name (bpf) and an ioctl request of an unencoded family that jrr
 * does not know. Each fails with ENOSYS (ENOTTY for the ioctl) when recorded and in replay, and jrr notes each
 * once at record time. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "jrr_test.h"

static void show(const char *what, long r) {
  printf("%s = %ld errno %d\n", what, r, r < 0 ? errno : 0);
}

int main(void) {
  show("syscall 100000", syscall(100000, 1, 2, 3));
  show("syscall 100000 again", syscall(100000, 1, 2, 3));
  show("syscall 1000", syscall(1000, 1, 64, -1));
  show("bpf", syscall(SYS_bpf, 0, NULL, 0));
  int fds[2];
  test_assert(pipe(fds) == 0);
  show("ioctl 0x5499", ioctl(fds[0], 0x5499, NULL));
  exit_success();
}
