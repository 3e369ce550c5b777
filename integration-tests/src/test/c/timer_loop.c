/*
 * Timer-driven loops that make syscalls: setitimer fires SIGALRM every
 * millisecond, and the loop calls getppid() until the handler has run 30
 * times; then a POSIX timer (timer_create) does the same with SIGUSR1. How
 * many loop iterations that took differs from run to run.
 */
#include "jrr_test.h"
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t ticks, posix_ticks;

static void on_alarm(int sig) {
  (void)sig;
  ticks++;
}

static void on_posix_timer(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  if (si->si_code == SI_TIMER && si->si_value.sival_int == 42) {
    posix_ticks++;
  }
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  test_assert(sigaction(SIGALRM, &sa, NULL) == 0);
  struct itimerval it = {{0, 1000}, {0, 1000}};
  test_assert(setitimer(ITIMER_REAL, &it, NULL) == 0);
  long loops = 0;
  while (ticks < 30) {
    getppid();
    loops++;
  }
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &off, NULL);
  printf("30 ticks after %ld loops\n", loops);

  sa.sa_sigaction = on_posix_timer;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  test_assert(sigaction(SIGUSR1, &sa, NULL) == 0);
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_SIGNAL;
  ev.sigev_signo = SIGUSR1;
  ev.sigev_value.sival_int = 42;
  timer_t timer;
  test_assert(timer_create(CLOCK_MONOTONIC, &ev, &timer) == 0);
  struct itimerspec its = {{0, 1000000}, {0, 1000000}};
  test_assert(timer_settime(timer, 0, &its, NULL) == 0);
  loops = 0;
  while (posix_ticks < 20) {
    getppid();
    loops++;
  }
  timer_delete(timer);
  printf("20 POSIX timer ticks after %ld loops\n", loops);
  return exit_success();
}
