/*
 * A timer-driven loop that makes syscalls: setitimer fires SIGALRM every
 * millisecond, and the loop calls getppid() until the handler has run 30
 * times; how many loop iterations that took differs from run to run.
 */
#include "jrr_test.h"
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t ticks;

static void on_alarm(int sig) {
  (void)sig;
  ticks++;
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
  return exit_success();
}
