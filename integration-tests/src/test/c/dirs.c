/*
 * Directories: mkdtemp, create files, opendir/readdir (getdents64) with the
 * names sorted and their d_ino values, getcwd/chdir/fchdir, unlink, rmdir.
 * The directory name and the inode numbers differ from run to run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jrr_test.h"

#define MAX_ENTRIES 32

struct entry {
  char name[256];
  unsigned long long ino;
  unsigned char type;
};

static int cmp_entry(const void *a, const void *b) {
  return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static const char *const files[] = {"delta", "alpha", "charlie", "bravo", "echo"};
#define NFILES (sizeof(files) / sizeof(files[0]))

int main(void) {
  char cwd_before[4096];
  test_assert(getcwd(cwd_before, sizeof(cwd_before)) != NULL);
  printf("cwd %s\n", cwd_before);
  int old_cwd_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  test_assert(old_cwd_fd >= 0);

  char dir[] = "/tmp/jrr-dirs-XXXXXX";
  test_assert(mkdtemp(dir) != NULL);
  printf("tempdir %s\n", dir);

  test_assert(chdir(dir) == 0);
  char cwd[4096];
  test_assert(getcwd(cwd, sizeof(cwd)) != NULL);
  printf("cwd now %s\n", cwd);
  test_assert(strcmp(cwd, dir) == 0);

  for (size_t i = 0; i < NFILES; i++) {
    int fd = open(files[i], O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
    test_assert(fd >= 0);
    test_assert(write(fd, files[i], strlen(files[i])) == (ssize_t)strlen(files[i]));
    test_assert(close(fd) == 0);
  }
  test_assert(mkdir("subdir", 0755) == 0);

  DIR *d = opendir(".");
  test_assert(d != NULL);
  struct entry entries[MAX_ENTRIES];
  size_t count = 0;
  struct dirent *de;
  errno = 0;
  while ((de = readdir(d)) != NULL) {
    test_assert(count < MAX_ENTRIES);
    snprintf(entries[count].name, sizeof(entries[count].name), "%s", de->d_name);
    entries[count].ino = de->d_ino;
    entries[count].type = de->d_type;
    count++;
  }
  test_assert(errno == 0);
  test_assert(closedir(d) == 0);

  qsort(entries, count, sizeof(entries[0]), cmp_entry);
  printf("entries %zu\n", count);
  test_assert(count == NFILES + 3);
  for (size_t i = 0; i < count; i++) {
    printf("entry %s ino %llu type %s\n", entries[i].name, entries[i].ino,
           entries[i].type == DT_DIR   ? "dir"
           : entries[i].type == DT_REG ? "reg"
                                       : "other");
  }

  /* d_ino agrees with stat. */
  for (size_t i = 0; i < count; i++) {
    struct stat st;
    test_assert(lstat(entries[i].name, &st) == 0);
    if (strcmp(entries[i].name, "..") != 0) {
      test_assert(st.st_ino == entries[i].ino);
    }
  }

  for (size_t i = 0; i < NFILES; i++) {
    test_assert(unlink(files[i]) == 0);
  }
  test_assert(rmdir("subdir") == 0);

  test_assert(fchdir(old_cwd_fd) == 0);
  test_assert(close(old_cwd_fd) == 0);
  test_assert(getcwd(cwd, sizeof(cwd)) != NULL);
  printf("cwd back %s\n", cwd);
  test_assert(strcmp(cwd, cwd_before) == 0);

  test_assert(chdir("/") == 0);
  test_assert(getcwd(cwd, sizeof(cwd)) != NULL);
  printf("cwd root %s\n", cwd);

  test_assert(rmdir(dir) == 0);
  struct stat st;
  test_assert(stat(dir, &st) == -1 && errno == ENOENT);
  printf("removed %s\n", dir);

  return exit_success();
}
