/* Address-space corners: a huge reservation; mremap of a region the kernel merged from two mappings; mlock and
 * madvise; a write through /proc/self/mem; a file shrunk under a private mapping (SIGBUS past its end); a stack that
 * overflows into a handler on an alternate stack; process_vm_writev into a child. Everything is printed: a replay
 * must print the same. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "jrr_test.h"

static sigjmp_buf back;
static volatile int caught;

static void on_fault(int sig) {
  caught = sig;
  siglongjmp(back, 1);
}

static volatile int forever = 1;

static int depth(int n) {
  volatile char pad[4096];
  pad[0] = (char)n;
  return forever ? depth(n + 1) + pad[0] : n;
}

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  /* a huge reservation, touched in two places */
  size_t huge = 64UL << 30;
  char *big = mmap(NULL, huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  printf("64 GiB reservation: %s\n", big == MAP_FAILED ? "failed" : "made");
  if (big != MAP_FAILED) {
    big[0] = 1;
    big[huge - 1] = 2;
    printf("touched: %d %d\n", big[0], big[huge - 1]);
    munmap(big, huge);
  }

  /* two adjacent mappings the kernel merges, remapped as one */
  char *a = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  test_assert(a != MAP_FAILED);
  munmap(a + 2 * page, 2 * page);
  char *b = mmap(a + 2 * page, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  test_assert(b == a + 2 * page);
  memset(a, 'a', 4 * page);
  char *moved = mremap(a, 4 * page, 8 * page, MREMAP_MAYMOVE);
  test_assert(moved != MAP_FAILED);
  printf("remapped merged region: %c %c\n", moved[0], moved[4 * page - 1]);

  /* mlock and madvise */
  printf("mlock: %d\n", mlock(moved, page));
  printf("madvise DONTNEED: %d, then %d\n", madvise(moved + page, page, MADV_DONTNEED), moved[page]);
  munlock(moved, page);

  /* a write through /proc/self/mem */
  static char target[16] = "before";
  int mem = open("/proc/self/mem", O_RDWR);
  if (mem >= 0) {
    long r = pwrite(mem, "after!", 6, (off_t)(unsigned long)target);
    printf("/proc/self/mem write: %ld, now '%s'\n", r, target);
    char back_buf[7] = {0};
    r = pread(mem, back_buf, 6, (off_t)(unsigned long)target);
    printf("/proc/self/mem read: %ld '%s'\n", r, back_buf);
    close(mem);
  }

  /* a file shrunk under a private mapping */
  char path[] = "/tmp/jrr-shrink-XXXXXX";
  int fd = mkstemp(path);
  test_assert(fd >= 0);
  test_assert(ftruncate(fd, 2 * page) == 0);
  char *m = mmap(NULL, 2 * page, PROT_READ, MAP_PRIVATE, fd, 0);
  test_assert(m != MAP_FAILED);
  test_assert(ftruncate(fd, page) == 0);
  signal(SIGBUS, on_fault);
  signal(SIGSEGV, on_fault);
  caught = 0;
  if (sigsetjmp(back, 1) == 0) {
    volatile char c = m[page + 1];
    (void)c;
  }
  printf("past the shrunk end: signal %d\n", caught);
  test_assert(ftruncate(fd, 3 * page) == 0);
  caught = 0;
  if (sigsetjmp(back, 1) == 0) {
    volatile char c = m[page + 1];
    printf("grown again: reads %d\n", c);
  }
  munmap(m, 2 * page);
  close(fd);
  unlink(path);

  /* a stack overflow, caught on an alternate stack */
  stack_t ss = {.ss_sp = malloc(1 << 16), .ss_size = 1 << 16};
  test_assert(sigaltstack(&ss, NULL) == 0);
  struct sigaction sa = {.sa_handler = on_fault, .sa_flags = SA_ONSTACK};
  sigaction(SIGSEGV, &sa, NULL);
  caught = 0;
  if (sigsetjmp(back, 1) == 0) {
    depth(0);
  }
  printf("stack overflow: signal %d\n", caught);

  /* process_vm_writev into a child, which prints what it got */
  static char inbox[32] = "empty";
  int go[2];
  test_assert(pipe(go) == 0);
  fflush(stdout);
  pid_t child = fork();
  test_assert(child >= 0);
  if (child == 0) {
    char c;
    test_assert(read(go[0], &c, 1) == 1);
    printf("child's inbox: %s\n", inbox);
    fflush(stdout);
    _exit(0);
  }
  char message[] = "written from the parent";
  struct iovec local = {message, sizeof message}, remote = {inbox, sizeof message};
  printf("process_vm_writev: %ld\n", (long)process_vm_writev(child, &local, 1, &remote, 1, 0));
  fflush(stdout);
  test_assert(write(go[1], "x", 1) == 1);
  int status;
  waitpid(child, &status, 0);
  exit_success();
}
