/*
 * Signal handling inside one process: SA_SIGINFO handlers for raise() and
 * kill(), a handler on an alternate stack, SA_RESETHAND, a signal raised from
 * inside a handler (nested), siglongjmp out of a SIGSEGV handler, a blocked
 * signal left pending and then delivered, sigsuspend, and signalfd.
 */
#include "jrr_test.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

static volatile sig_atomic_t count[65];
static volatile int last_code, last_pid;
static volatile uintptr_t handler_sp;
static sigjmp_buf jump;
static char altstack[64 * 1024];

static void on_info(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  count[sig]++;
  last_code = si->si_code;
  last_pid = si->si_pid;
  int local;
  handler_sp = (uintptr_t)&local;
  if (sig == SIGUSR1 && count[SIGUSR1] == 3) {
    raise(SIGUSR2); /* nested: delivered inside this handler */
    printf("nested: SIGUSR2 seen %d times inside SIGUSR1\n", (int)count[SIGUSR2]);
  }
}

static void on_segv(int sig) {
  count[sig]++;
  siglongjmp(jump, 1);
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = fn;
  sa.sa_flags = SA_SIGINFO | flags;
  sigemptyset(&sa.sa_mask);
  test_assert(sigaction(sig, &sa, NULL) == 0);
}

int main(void) {
  install(SIGUSR1, on_info, 0);
  install(SIGUSR2, on_info, 0);
  raise(SIGUSR1);
  printf("raise: SIGUSR1 x%d code %d pid-ok %d\n", (int)count[SIGUSR1], last_code, last_pid == getpid());
  kill(getpid(), SIGUSR1);
  printf("kill: SIGUSR1 x%d code %d\n", (int)count[SIGUSR1], last_code);
  raise(SIGUSR1); /* the third one raises SIGUSR2 from the handler */
  printf("after nested: SIGUSR1 x%d SIGUSR2 x%d\n", (int)count[SIGUSR1], (int)count[SIGUSR2]);

  stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
  test_assert(sigaltstack(&ss, NULL) == 0);
  install(SIGWINCH, on_info, SA_ONSTACK);
  raise(SIGWINCH);
  printf("altstack: handler ran on it: %d\n",
         handler_sp >= (uintptr_t)altstack && handler_sp < (uintptr_t)altstack + sizeof altstack);

  install(SIGHUP, on_info, SA_RESETHAND);
  raise(SIGHUP);
  struct sigaction now;
  sigaction(SIGHUP, NULL, &now);
  printf("resethand: SIGHUP x%d, now default %d\n", (int)count[SIGHUP], now.sa_handler == SIG_DFL);

  signal(SIGSEGV, on_segv);
  if (sigsetjmp(jump, 1) == 0) {
    *(volatile int *)16 = 1;
    printf("not reached\n");
  }
  printf("siglongjmp out of SIGSEGV: x%d\n", (int)count[SIGSEGV]);

  sigset_t block, old, pending;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR2);
  sigprocmask(SIG_BLOCK, &block, &old);
  raise(SIGUSR2);
  sigpending(&pending);
  printf("blocked: pending %d, delivered x%d\n", sigismember(&pending, SIGUSR2), (int)count[SIGUSR2]);
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("unblocked: delivered x%d\n", (int)count[SIGUSR2]);

  sigprocmask(SIG_BLOCK, &block, &old);
  raise(SIGUSR2);
  sigset_t wait_mask = old;
  int r = sigsuspend(&wait_mask);
  printf("sigsuspend returned %d errno %d, SIGUSR2 x%d\n", r, errno, (int)count[SIGUSR2]);

  int fd = signalfd(-1, &block, 0);
  test_assert(fd >= 0);
  kill(getpid(), SIGUSR2);
  struct signalfd_siginfo info;
  test_assert(read(fd, &info, sizeof info) == sizeof info);
  printf("signalfd: signo %u code %d pid-ok %d, handler x%d\n", info.ssi_signo, info.ssi_code,
         info.ssi_pid == (uint32_t)getpid(), (int)count[SIGUSR2]);
  return exit_success();
}
