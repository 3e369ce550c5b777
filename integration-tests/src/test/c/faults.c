/*
 * Synchronous signals from the program's own instructions, each caught by a
 * SA_SIGINFO handler that records si_code and jumps back: SIGFPE (integer
 * division by zero), SIGILL (ud2), SIGTRAP (int3), SIGBUS (a file mapping
 * past the end of its file), SIGSEGV (a write to a read-only page); then
 * SIGPIPE from a write to a pipe nobody reads.
 */
#include "jrr_test.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf back;
static volatile int got_sig, got_code;
static volatile uintptr_t got_addr;

static void on_fault(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  got_sig = sig;
  got_code = si->si_code;
  got_addr = (uintptr_t)si->si_addr;
  if (sig != SIGPIPE) {
    siglongjmp(back, 1);
  }
}

static void catch(int sig) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  test_assert(sigaction(sig, &sa, NULL) == 0);
}

static volatile int zero = 0;

int main(void) {
  int sigs[] = {SIGFPE, SIGILL, SIGTRAP, SIGBUS, SIGSEGV, SIGPIPE};
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    catch(sigs[i]);
  }
  if (sigsetjmp(back, 1) == 0) {
    printf("%d\n", 10 / zero);
  }
  printf("divide: signal %d code %d\n", got_sig, got_code);
  if (sigsetjmp(back, 1) == 0) {
    __asm__ volatile("ud2");
  }
  printf("ud2: signal %d code %d\n", got_sig, got_code);
  if (sigsetjmp(back, 1) == 0) {
    __asm__ volatile("int3");
  }
  printf("int3: signal %d code %d\n", got_sig, got_code);

  char path[] = "/tmp/jrr-faults-XXXXXX";
  int fd = mkstemp(path);
  test_assert(fd >= 0);
  unlink(path);
  test_assert(ftruncate(fd, 100) == 0);
  long page = sysconf(_SC_PAGESIZE);
  char *m = mmap(NULL, 2 * page, PROT_READ, MAP_SHARED, fd, 0);
  test_assert(m != MAP_FAILED);
  if (sigsetjmp(back, 1) == 0) {
    printf("%d\n", m[page + 1]);
  }
  printf("past the file's end: signal %d code %d offset %ld\n", got_sig, got_code,
         (long)(got_addr - (uintptr_t)m));

  char *ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  test_assert(ro != MAP_FAILED);
  if (sigsetjmp(back, 1) == 0) {
    ro[8] = 1;
  }
  printf("read-only page: signal %d code %d offset %ld\n", got_sig, got_code, (long)(got_addr - (uintptr_t)ro));

  int fds[2];
  test_assert(pipe(fds) == 0);
  close(fds[0]);
  got_sig = 0;
  ssize_t w = write(fds[1], "x", 1);
  printf("closed pipe: write %zd (EPIPE %d), signal %d\n", w, errno == EPIPE, got_sig);
  return exit_success();
}
