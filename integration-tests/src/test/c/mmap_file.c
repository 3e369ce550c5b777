/*
 * Memory mappings: a 3-page temp file mapped PROT_READ/MAP_PRIVATE and
 * PROT_READ|PROT_WRITE/MAP_PRIVATE (copy-on-write, file unchanged), mprotect,
 * munmap, an anonymous mapping grown with mremap(MREMAP_MAYMOVE), and a
 * mapping of /etc/passwd checksummed against read(). Mapping addresses differ
 * from run to run (ASLR).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jrr_test.h"

static unsigned char pattern(size_t i) {
  return (unsigned char)((i * 7) ^ (i >> 12) ^ 0x5a);
}

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  test_assert(page > 0);
  size_t len = 3 * (size_t)page;

  char path[] = "/tmp/jrr-mmap-XXXXXX";
  int fd = mkstemp(path);
  test_assert(fd >= 0);
  printf("tempfile %s\n", path);
  unsigned char *data = malloc(len);
  test_assert(data != NULL);
  for (size_t i = 0; i < len; i++) {
    data[i] = pattern(i);
  }
  test_assert(write(fd, data, len) == (ssize_t)len);
  uint64_t expected = fnv1a(FNV_INIT, data, len);
  printf("file checksum %016llx\n", (unsigned long long)expected);

  /* Read-only private mapping. */
  unsigned char *ro = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
  test_assert(ro != MAP_FAILED);
  printf("ro mapping %p\n", (void *)ro);
  uint64_t h = fnv1a(FNV_INIT, ro, len);
  printf("ro checksum %016llx\n", (unsigned long long)h);
  test_assert(h == expected);

  /* Writable private mapping of the second and third pages. */
  unsigned char *rw = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd,
                           page);
  test_assert(rw != MAP_FAILED);
  printf("rw mapping %p\n", (void *)rw);
  test_assert(rw[0] == pattern((size_t)page));
  for (size_t i = 0; i < 2 * (size_t)page; i += 64) {
    rw[i] = (unsigned char)~rw[i];
  }
  h = fnv1a(FNV_INIT, rw, 2 * (size_t)page);
  printf("rw modified checksum %016llx\n", (unsigned long long)h);
  /* The file and the other mapping do not see private writes. */
  test_assert(fnv1a(FNV_INIT, ro, len) == expected);
  unsigned char b;
  test_assert(pread(fd, &b, 1, page) == 1);
  test_assert(b == pattern((size_t)page));
  printf("private write not in file\n");

  test_assert(mprotect(rw, 2 * (size_t)page, PROT_READ) == 0);
  test_assert(rw[64] == (unsigned char)~pattern((size_t)page + 64));
  printf("mprotect read-only ok\n");
  test_assert(munmap(rw, 2 * (size_t)page) == 0);
  test_assert(munmap(ro, len) == 0);
  test_assert(close(fd) == 0);
  test_assert(unlink(path) == 0);
  free(data);

  /* Anonymous mapping grown by mremap. */
  size_t small = 2 * (size_t)page, big = 64 * (size_t)page;
  unsigned char *anon =
      mmap(NULL, small, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  test_assert(anon != MAP_FAILED);
  printf("anon mapping %p\n", (void *)anon);
  for (size_t i = 0; i < small; i++) {
    anon[i] = pattern(i);
  }
  /* Block the pages just after, so the kernel has to move the mapping. */
  unsigned char *blocker = mmap(anon + small, (size_t)page, PROT_NONE,
                                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  printf("blocker %s\n", blocker == MAP_FAILED ? "not placed" : "placed");
  unsigned char *grown = mremap(anon, small, big, MREMAP_MAYMOVE);
  test_assert(grown != MAP_FAILED);
  printf("mremap %p -> %p size %zu moved %d\n", (void *)anon, (void *)grown, big,
         grown != anon);
  for (size_t i = 0; i < small; i++) {
    test_assert(grown[i] == pattern(i));
  }
  for (size_t i = small; i < big; i++) {
    test_assert(grown[i] == 0);
  }
  for (size_t i = small; i < big; i += (size_t)page) {
    grown[i] = (unsigned char)(i / (size_t)page);
  }
  h = fnv1a(FNV_INIT, grown, big);
  printf("grown checksum %016llx\n", (unsigned long long)h);
  test_assert(munmap(grown, big) == 0);
  if (blocker != MAP_FAILED) {
    test_assert(munmap(blocker, (size_t)page) == 0);
  }

  /* /etc/passwd mapped and read. */
  fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
  test_assert(fd >= 0);
  struct stat st;
  test_assert(fstat(fd, &st) == 0);
  test_assert(st.st_size > 0);
  size_t plen = (size_t)st.st_size;
  unsigned char *pm = mmap(NULL, plen, PROT_READ, MAP_PRIVATE, fd, 0);
  test_assert(pm != MAP_FAILED);
  printf("passwd mapping %p size %zu\n", (void *)pm, plen);
  uint64_t mapped_sum = fnv1a(FNV_INIT, pm, plen);
  unsigned char *rbuf = malloc(plen);
  test_assert(rbuf != NULL);
  test_assert(pread(fd, rbuf, plen, 0) == (ssize_t)plen);
  uint64_t read_sum = fnv1a(FNV_INIT, rbuf, plen);
  printf("passwd checksum %016llx\n", (unsigned long long)mapped_sum);
  test_assert(mapped_sum == read_sum);
  free(rbuf);
  test_assert(munmap(pm, plen) == 0);
  test_assert(close(fd) == 0);

  return exit_success();
}
