/*
 * Large output: exactly 1 MiB of deterministic text on stdout, written in
 * blocks of 16 lines of 64 bytes, alternating printf (stdio), write() and
 * writev(); plus a few lines on stderr. Then the checksum and EXIT-SUCCESS.
 */
#include <sys/uio.h>
#include <unistd.h>

#include "jrr_test.h"

#define LINE_LEN 64
#define LINES_PER_BLOCK 16
#define TOTAL_BYTES (1u << 20)
#define NLINES (TOTAL_BYTES / LINE_LEN)
#define NBLOCKS (NLINES / LINES_PER_BLOCK)

static void make_line(char out[LINE_LEN], unsigned n) {
  char tmp[LINE_LEN + 1];
  int k = snprintf(tmp, sizeof(tmp), "line %06u via %-7s ", n,
                   (n / LINES_PER_BLOCK) % 3 == 0   ? "printf"
                   : (n / LINES_PER_BLOCK) % 3 == 1 ? "write"
                                                    : "writev");
  test_assert(k > 0 && k < LINE_LEN);
  for (int i = k; i < LINE_LEN - 1; i++) {
    tmp[i] = (char)('a' + (n + (unsigned)i) % 26);
  }
  tmp[LINE_LEN - 1] = '\n';
  memcpy(out, tmp, LINE_LEN);
}

static void write_all(int fd, const char *p, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    test_assert(n > 0);
    p += n;
    len -= (size_t)n;
  }
}

static void writev_all(int fd, struct iovec *iov, int cnt) {
  while (cnt > 0) {
    ssize_t n = writev(fd, iov, cnt);
    test_assert(n > 0);
    while (cnt > 0 && (size_t)n >= iov->iov_len) {
      n -= (ssize_t)iov->iov_len;
      iov++;
      cnt--;
    }
    if (cnt > 0) {
      iov->iov_base = (char *)iov->iov_base + n;
      iov->iov_len -= (size_t)n;
    }
  }
}

int main(void) {
  static char block[LINES_PER_BLOCK][LINE_LEN];
  uint64_t h = FNV_INIT;

  fprintf(stderr, "big_output: starting\n");
  for (unsigned b = 0; b < NBLOCKS; b++) {
    for (unsigned l = 0; l < LINES_PER_BLOCK; l++) {
      make_line(block[l], b * LINES_PER_BLOCK + l);
    }
    h = fnv1a(h, block, sizeof(block));
    switch (b % 3) {
    case 0:
      for (unsigned l = 0; l < LINES_PER_BLOCK; l++) {
        printf("%.*s", LINE_LEN, block[l]);
      }
      break;
    case 1:
      fflush(stdout);
      write_all(STDOUT_FILENO, &block[0][0], sizeof(block));
      break;
    default: {
      fflush(stdout);
      struct iovec iov[LINES_PER_BLOCK];
      for (unsigned l = 0; l < LINES_PER_BLOCK; l++) {
        iov[l].iov_base = block[l];
        iov[l].iov_len = LINE_LEN;
      }
      writev_all(STDOUT_FILENO, iov, LINES_PER_BLOCK);
      break;
    }
    }
    if (b == NBLOCKS / 2) {
      fprintf(stderr, "big_output: half way\n");
    }
  }
  fflush(stdout);
  fprintf(stderr, "big_output: wrote %u bytes\n", TOTAL_BYTES);
  printf("checksum %016llx\n", (unsigned long long)h);
  return exit_success();
}
