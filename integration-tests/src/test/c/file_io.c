/*
 * File I/O on a temporary file: mkstemp, write, lseek, read, pwrite, pread,
 * ftruncate, fstat, rename, unlink. The temp file name and its inode number
 * differ from run to run.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "jrr_test.h"

int main(void) {
  char path[] = "/tmp/jrr-file_io-XXXXXX";
  int fd = mkstemp(path);
  test_assert(fd >= 0);
  printf("tempfile %s\n", path);

  const char msg[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  size_t len = sizeof(msg) - 1;
  test_assert(write(fd, msg, len) == (ssize_t)len);

  off_t pos = lseek(fd, 0, SEEK_CUR);
  printf("position after write %lld\n", (long long)pos);
  test_assert(pos == (off_t)len);

  test_assert(lseek(fd, 10, SEEK_SET) == 10);
  char buf[128];
  memset(buf, 0, sizeof(buf));
  ssize_t n = read(fd, buf, 8);
  test_assert(n == 8);
  printf("read at 10: %s\n", buf);
  test_assert(memcmp(buf, "abcdefgh", 8) == 0);

  test_assert(pwrite(fd, "XYZ", 3, 4) == 3);
  /* pwrite must not move the file offset. */
  test_assert(lseek(fd, 0, SEEK_CUR) == 18);

  memset(buf, 0, sizeof(buf));
  n = pread(fd, buf, 12, 0);
  test_assert(n == 12);
  printf("pread at 0: %s\n", buf);
  test_assert(memcmp(buf, "0123XYZ789ab", 12) == 0);

  /* Whole content. */
  test_assert(lseek(fd, 0, SEEK_SET) == 0);
  memset(buf, 0, sizeof(buf));
  n = read(fd, buf, sizeof(buf) - 1);
  test_assert(n == (ssize_t)len);
  printf("content: %s\n", buf);
  /* At EOF read returns 0. */
  test_assert(read(fd, buf, 10) == 0);

  struct stat st;
  test_assert(ftruncate(fd, 4096) == 0);
  test_assert(fstat(fd, &st) == 0);
  printf("size after ftruncate(4096) %lld\n", (long long)st.st_size);
  test_assert(st.st_size == 4096);
  printf("inode %llu\n", (unsigned long long)st.st_ino);

  test_assert(ftruncate(fd, 20) == 0);
  test_assert(fstat(fd, &st) == 0);
  printf("size after ftruncate(20) %lld\n", (long long)st.st_size);
  test_assert(st.st_size == 20);
  test_assert(close(fd) == 0);

  char newpath[sizeof(path) + 16];
  snprintf(newpath, sizeof(newpath), "%s.renamed", path);
  test_assert(rename(path, newpath) == 0);
  printf("renamed to %s\n", newpath);
  test_assert(access(path, F_OK) == -1 && errno == ENOENT);

  fd = open(newpath, O_RDONLY | O_CLOEXEC);
  test_assert(fd >= 0);
  memset(buf, 0, sizeof(buf));
  n = read(fd, buf, sizeof(buf) - 1);
  test_assert(n == 20);
  printf("renamed content: %s\n", buf);
  test_assert(close(fd) == 0);

  test_assert(unlink(newpath) == 0);
  test_assert(stat(newpath, &st) == -1 && errno == ENOENT);
  printf("unlinked\n");

  return exit_success();
}
