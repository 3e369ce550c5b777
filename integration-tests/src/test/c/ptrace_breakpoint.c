/* A debugger's breakpoint, as gdb makes it: the child asks to be traced and stops itself; the parent plants an
 * int3 at a function (POKETEXT), continues, and at each hit (a SIGTRAP fault it takes) moves the ip back
 * (SETREGS), puts the original byte back, single-steps over it, plants the int3 again and continues. It then
 * skips a ud2 the child runs into (SIGILL, taken, ip moved past it with POKEUSER) and passes on a SIGSEGV the child
 * handles. It also reads the floating-point registers (GETFPREGS, GETREGSET) and the debug registers (zero). */
#define _GNU_SOURCE
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#include <elf.h>
#include "jrr_test.h"

static volatile int calls;
static volatile double scale = 1.5;

__attribute__((noinline)) static void target(int n) {
  calls += n;
}

static void on_segv(int sig) {
  (void)sig;
  printf("child: SIGSEGV handled after %d calls\n", calls);
  fflush(stdout);
  _exit(9);
}

static void child_main(void) {
  signal(SIGSEGV, on_segv);
  test_assert(ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0);
  raise(SIGSTOP);
  for (int i = 1; i <= 3; i++) {
    target(i);
  }
  scale *= 2;
  __asm__ volatile("ud2"); /* skipped by the parent */
  *(volatile int *)0 = 1;  /* passed on: the handler exits */
  _exit(1);
}

static int stop_signal(pid_t child) {
  int status;
  test_assert(waitpid(child, &status, 0) == child);
  if (WIFEXITED(status)) {
    return -WEXITSTATUS(status) - 1000;
  }
  test_assert(WIFSTOPPED(status));
  return WSTOPSIG(status);
}

int main(void) {
  fflush(stdout);
  pid_t child = fork();
  test_assert(child >= 0);
  if (child == 0) {
    child_main();
  }
  test_assert(stop_signal(child) == SIGSTOP);
  long addr = (long)&target;
  errno = 0;
  long original = ptrace(PTRACE_PEEKTEXT, child, (void *)addr, NULL);
  test_assert(errno == 0);
  long trap = (original & ~0xffL) | 0xcc;
  test_assert(ptrace(PTRACE_POKETEXT, child, (void *)addr, (void *)trap) == 0);
  errno = 0;
  long dr7 = ptrace(PTRACE_PEEKUSER, child, (void *)(offsetof(struct user, u_debugreg) + 7 * 8), NULL);
  printf("parent: dr7 = %ld (errno %d)\n", dr7, errno);
  test_assert(ptrace(PTRACE_CONT, child, NULL, NULL) == 0);
  int hits = 0, sig;
  struct user_regs_struct regs;
  while ((sig = stop_signal(child)) == SIGTRAP) {
    test_assert(ptrace(PTRACE_GETREGS, child, NULL, &regs) == 0);
    test_assert((long)regs.rip - 1 == addr);
    hits++;
    printf("parent: breakpoint hit %d, first argument %lld\n", hits, (long long)regs.rdi);
    regs.rip -= 1;
    test_assert(ptrace(PTRACE_SETREGS, child, NULL, &regs) == 0);
    test_assert(ptrace(PTRACE_POKETEXT, child, (void *)addr, (void *)original) == 0);
    test_assert(ptrace(PTRACE_SINGLESTEP, child, NULL, NULL) == 0);
    test_assert(stop_signal(child) == SIGTRAP);
    struct user_regs_struct after;
    test_assert(ptrace(PTRACE_GETREGS, child, NULL, &after) == 0);
    test_assert(after.rip > (unsigned long long)addr && after.rip < (unsigned long long)addr + 16);
    test_assert(ptrace(PTRACE_POKETEXT, child, (void *)addr, (void *)trap) == 0);
    test_assert(ptrace(PTRACE_CONT, child, NULL, NULL) == 0);
  }
  printf("parent: %d hits, then signal %d\n", hits, sig);
  test_assert(hits == 3 && sig == SIGILL);
  struct user_fpregs_struct fp;
  test_assert(ptrace(PTRACE_GETFPREGS, child, NULL, &fp) == 0);
  struct user_regs_struct set;
  struct iovec iov = {&set, sizeof set};
  test_assert(ptrace(PTRACE_GETREGSET, child, (void *)NT_PRSTATUS, &iov) == 0 && iov.iov_len == sizeof set);
  test_assert(ptrace(PTRACE_GETREGS, child, NULL, &regs) == 0);
  test_assert(set.rip == regs.rip);
  printf("parent: mxcsr %#x\n", fp.mxcsr);
  test_assert(ptrace(PTRACE_POKEUSER, child, (void *)offsetof(struct user_regs_struct, rip), (void *)(regs.rip + 2)) == 0);
  test_assert(ptrace(PTRACE_CONT, child, NULL, NULL) == 0);
  sig = stop_signal(child);
  printf("parent: then signal %d\n", sig);
  test_assert(sig == SIGSEGV);
  siginfo_t si;
  test_assert(ptrace(PTRACE_GETSIGINFO, child, NULL, &si) == 0);
  printf("parent: the fault was at address %p\n", si.si_addr);
  test_assert(ptrace(PTRACE_CONT, child, NULL, (void *)(long)SIGSEGV) == 0);
  int end = stop_signal(child);
  printf("parent: the child exited %d\n", -1000 - end);
  test_assert(end == -1009);
  exit_success();
}
