/*
 * /proc files whose content changes from run to run: /proc/self/status,
 * /proc/self/maps, /proc/self/stat, /proc/uptime, /proc/meminfo. Prints the
 * first lines of each (read with open/read, as the kernel generates them).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>

#include "jrr_test.h"

static size_t read_file(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  test_assert(fd >= 0);
  size_t got = 0;
  for (;;) {
    test_assert(got < size - 1);
    ssize_t n = read(fd, buf + got, size - 1 - got);
    test_assert(n >= 0);
    if (n == 0) {
      break;
    }
    got += (size_t)n;
  }
  buf[got] = 0;
  test_assert(close(fd) == 0);
  return got;
}

static void print_first_lines(const char *path, int max_lines) {
  static char buf[1 << 16];
  size_t len = read_file(path, buf, sizeof(buf));
  printf("== %s (%zu bytes)\n", path, len);
  test_assert(len > 0);
  int lines = 0;
  char *p = buf;
  while (*p && lines < max_lines) {
    char *nl = strchr(p, '\n');
    if (nl) {
      *nl = 0;
    }
    printf("%s: %s\n", path, p);
    lines++;
    if (!nl) {
      break;
    }
    p = nl + 1;
  }
}

int main(void) {
  print_first_lines("/proc/self/status", 12);
  print_first_lines("/proc/self/maps", 8);
  print_first_lines("/proc/self/stat", 1);
  print_first_lines("/proc/uptime", 1);
  print_first_lines("/proc/meminfo", 5);

  /* The pid in /proc/self/stat is ours. */
  char buf[4096];
  read_file("/proc/self/stat", buf, sizeof(buf));
  test_assert(atoi(buf) == getpid());
  printf("stat pid matches getpid %d\n", (int)getpid());

  return exit_success();
}
