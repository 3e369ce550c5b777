/*
 * The stat family: stat, lstat, fstat, fstatat (newfstatat) and statx on
 * /etc/passwd, / and a symlink created in a fresh temp dir. Prints st_ino,
 * st_size, st_mtime and st_dev; the symlink's inode and mtime differ from run
 * to run.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "jrr_test.h"

static void print_stat(const char *how, const char *path, const struct stat *st) {
  printf("%s %s ino %llu size %lld mtime %lld.%09ld dev %u:%u mode %o nlink %llu\n",
         how, path, (unsigned long long)st->st_ino, (long long)st->st_size,
         (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec, major(st->st_dev),
         minor(st->st_dev), (unsigned)st->st_mode, (unsigned long long)st->st_nlink);
}

static void print_statx(const char *path, const struct statx *sx) {
  printf("statx %s ino %llu size %llu mtime %lld.%09u dev %u:%u mode %o mask %x\n",
         path, (unsigned long long)sx->stx_ino, (unsigned long long)sx->stx_size,
         (long long)sx->stx_mtime.tv_sec, sx->stx_mtime.tv_nsec, sx->stx_dev_major,
         sx->stx_dev_minor, (unsigned)sx->stx_mode, sx->stx_mask);
}

static void check_same(const struct stat *a, const struct stat *b) {
  test_assert(a->st_ino == b->st_ino);
  test_assert(a->st_dev == b->st_dev);
  test_assert(a->st_size == b->st_size);
  test_assert(a->st_mtim.tv_sec == b->st_mtim.tv_sec);
  test_assert(a->st_mtim.tv_nsec == b->st_mtim.tv_nsec);
}

static void check_statx(const struct stat *a, const struct statx *sx) {
  test_assert(a->st_ino == sx->stx_ino);
  test_assert((long long)a->st_size == (long long)sx->stx_size);
  test_assert(major(a->st_dev) == sx->stx_dev_major);
  test_assert(minor(a->st_dev) == sx->stx_dev_minor);
  test_assert(a->st_mtim.tv_sec == sx->stx_mtime.tv_sec);
}

static void stat_all_ways(const char *path, int is_symlink) {
  struct stat s_stat, s_lstat, s_fstat, s_at, s_at_nofollow;
  struct statx sx, sx_nofollow;

  test_assert(stat(path, &s_stat) == 0);
  print_stat("stat", path, &s_stat);
  test_assert(lstat(path, &s_lstat) == 0);
  print_stat("lstat", path, &s_lstat);

  int fd = open(path, O_RDONLY | O_CLOEXEC);
  test_assert(fd >= 0);
  test_assert(fstat(fd, &s_fstat) == 0);
  print_stat("fstat", path, &s_fstat);
  test_assert(close(fd) == 0);

  test_assert(fstatat(AT_FDCWD, path, &s_at, 0) == 0);
  print_stat("fstatat", path, &s_at);
  test_assert(fstatat(AT_FDCWD, path, &s_at_nofollow, AT_SYMLINK_NOFOLLOW) == 0);
  print_stat("fstatat-nofollow", path, &s_at_nofollow);

  memset(&sx, 0, sizeof(sx));
  test_assert(statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &sx) == 0);
  print_statx(path, &sx);
  memset(&sx_nofollow, 0, sizeof(sx_nofollow));
  test_assert(statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS,
                    &sx_nofollow) == 0);
  print_statx(path, &sx_nofollow);

  check_same(&s_stat, &s_fstat);
  check_same(&s_stat, &s_at);
  check_same(&s_lstat, &s_at_nofollow);
  check_statx(&s_stat, &sx);
  check_statx(&s_lstat, &sx_nofollow);
  if (is_symlink) {
    test_assert(S_ISLNK(s_lstat.st_mode));
    test_assert(!S_ISLNK(s_stat.st_mode));
    test_assert(s_lstat.st_ino != s_stat.st_ino);
  } else {
    check_same(&s_stat, &s_lstat);
  }
}

int main(void) {
  stat_all_ways("/etc/passwd", 0);
  stat_all_ways("/", 0);

  char dir[] = "/tmp/jrr-stat-XXXXXX";
  test_assert(mkdtemp(dir) != NULL);
  printf("tempdir %s\n", dir);
  char target[sizeof(dir) + 16], link[sizeof(dir) + 16];
  snprintf(target, sizeof(target), "%s/target", dir);
  snprintf(link, sizeof(link), "%s/link", dir);

  int fd = open(target, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  test_assert(fd >= 0);
  test_assert(write(fd, "twelve bytes", 12) == 12);
  test_assert(close(fd) == 0);
  test_assert(symlink("target", link) == 0);

  char lbuf[64];
  ssize_t n = readlink(link, lbuf, sizeof(lbuf) - 1);
  test_assert(n == 6);
  lbuf[n] = 0;
  printf("readlink %s\n", lbuf);

  stat_all_ways(link, 1);

  struct stat st;
  test_assert(stat(link, &st) == 0);
  test_assert(st.st_size == 12);
  test_assert(stat("/nonexistent/jrr", &st) == -1 && errno == ENOENT);
  printf("stat nonexistent ENOENT\n");

  test_assert(unlink(link) == 0);
  test_assert(unlink(target) == 0);
  test_assert(rmdir(dir) == 0);

  return exit_success();
}
