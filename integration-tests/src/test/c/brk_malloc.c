/*
 * The heap: sbrk growth and shrink (brk), many small mallocs, a 64 MiB malloc
 * (served by mmap), page touching, free, realloc growth. Addresses differ from
 * run to run (ASLR); the checksums do not.
 */
#define _GNU_SOURCE
#include <unistd.h>

#include "jrr_test.h"

#define NSMALL 5000

int main(void) {
  /* No stdio between these calls, so that nothing else moves the break. */
  void *b0 = sbrk(0);
  void *g1 = sbrk(64 * 1024);
  void *b1 = sbrk(0);
  void *g2 = sbrk(192 * 1024);
  void *b2 = sbrk(0);
  test_assert(g1 != (void *)-1 && g2 != (void *)-1);
  /* Touch the new memory. */
  memset(g1, 0xab, 256 * 1024);
  void *s1 = sbrk(-128 * 1024);
  void *b3 = sbrk(0);
  test_assert(s1 != (void *)-1);
  test_assert(brk(b0) == 0);
  void *b4 = sbrk(0);

  printf("sbrk0 %p\n", b0);
  printf("after +64KiB %p\n", b1);
  printf("after +192KiB %p\n", b2);
  printf("after -128KiB %p\n", b3);
  printf("after brk(start) %p\n", b4);
  test_assert((char *)b1 - (char *)b0 == 64 * 1024);
  test_assert((char *)b2 - (char *)b0 == 256 * 1024);
  test_assert((char *)b3 - (char *)b0 == 128 * 1024);
  test_assert(b4 == b0);

  /* Many small blocks. */
  static unsigned char *blocks[NSMALL];
  uint64_t h = FNV_INIT;
  for (int i = 0; i < NSMALL; i++) {
    size_t sz = 8 + (size_t)(i * 37) % 1000;
    blocks[i] = malloc(sz);
    test_assert(blocks[i] != NULL);
    for (size_t j = 0; j < sz; j++) {
      blocks[i][j] = (unsigned char)(i + j);
    }
  }
  for (int i = 0; i < NSMALL; i++) {
    size_t sz = 8 + (size_t)(i * 37) % 1000;
    h = fnv1a(h, blocks[i], sz);
  }
  printf("first small block %p\n", (void *)blocks[0]);
  printf("small checksum %016llx\n", (unsigned long long)h);
  printf("sbrk after small %p\n", sbrk(0));
  for (int i = 0; i < NSMALL; i += 2) {
    free(blocks[i]);
  }
  for (int i = 1; i < NSMALL; i += 2) {
    free(blocks[i]);
  }

  /* One big block, mmap'd by malloc. */
  size_t big = 64u << 20;
  unsigned char *p = malloc(big);
  test_assert(p != NULL);
  printf("big block %p\n", (void *)p);
  long page = sysconf(_SC_PAGESIZE);
  for (size_t off = 0; off < big; off += (size_t)page) {
    p[off] = (unsigned char)(off / (size_t)page);
    p[off + (size_t)page - 1] = (unsigned char)~(off / (size_t)page);
  }
  uint64_t bh = FNV_INIT;
  for (size_t off = 0; off < big; off += (size_t)page) {
    bh = fnv1a(bh, &p[off], 1);
    bh = fnv1a(bh, &p[off + (size_t)page - 1], 1);
  }
  printf("big checksum %016llx\n", (unsigned long long)bh);
  free(p);

  /* realloc growth keeps content. */
  size_t sz = 16;
  unsigned char *r = malloc(sz);
  test_assert(r != NULL);
  for (size_t j = 0; j < sz; j++) {
    r[j] = (unsigned char)(j * 3);
  }
  while (sz < (4u << 20)) {
    size_t nsz = sz * 4;
    unsigned char *nr = realloc(r, nsz);
    test_assert(nr != NULL);
    for (size_t j = 0; j < sz; j++) {
      test_assert(nr[j] == (unsigned char)(j * 3));
    }
    for (size_t j = sz; j < nsz; j++) {
      nr[j] = (unsigned char)(j * 3);
    }
    printf("realloc %zu -> %zu at %p\n", sz, nsz, (void *)nr);
    r = nr;
    sz = nsz;
  }
  printf("realloc checksum %016llx\n", (unsigned long long)fnv1a(FNV_INIT, r, sz));
  r = realloc(r, 100);
  test_assert(r != NULL);
  test_assert(r[99] == (unsigned char)(99 * 3));
  free(r);

  return exit_success();
}
