/*
 * Interrupted syscalls: a child signals its parent while the parent is blocked
 * in read() on a pipe, once with SA_RESTART (the read goes on and gets the
 * data) and once without (EINTR); alarm() interrupts pause(); an interrupted
 * nanosleep reports the time left; SIGCHLD interrupts wait4 and is handled.
 */
#include "jrr_test.h"
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got[65];

static void on_sig(int sig) { got[sig]++; }

static void handle(int sig, int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  test_assert(sigaction(sig, &sa, NULL) == 0);
}

static void read_while_signalled(int flags) {
  int fds[2];
  test_assert(pipe(fds) == 0);
  handle(SIGUSR1, flags);
  pid_t parent = getpid();
  pid_t child = fork();
  if (child == 0) {
    struct timespec ts = {0, 20 * 1000000};
    nanosleep(&ts, NULL);
    kill(parent, SIGUSR1);
    nanosleep(&ts, NULL);
    test_assert(write(fds[1], "data", 4) == 4);
    _exit(0);
  }
  char buf[8];
  ssize_t n = read(fds[0], buf, sizeof buf);
  int e = errno;
  printf("%s: read returned %zd%s, SIGUSR1 x%d\n", flags ? "SA_RESTART" : "no SA_RESTART", n,
         n < 0 && e == EINTR ? " (EINTR)" : "", (int)got[SIGUSR1]);
  waitpid(child, NULL, 0);
  close(fds[0]);
  close(fds[1]);
}

int main(void) {
  read_while_signalled(SA_RESTART);
  read_while_signalled(0);

  handle(SIGALRM, 0);
  alarm(1);
  int r = pause();
  printf("pause returned %d (EINTR %d), SIGALRM x%d\n", r, errno == EINTR, (int)got[SIGALRM]);

  handle(SIGUSR2, 0);
  pid_t parent = getpid();
  pid_t child = fork();
  if (child == 0) {
    struct timespec ts = {0, 30 * 1000000};
    nanosleep(&ts, NULL);
    kill(parent, SIGUSR2);
    _exit(0);
  }
  struct timespec want = {5, 0}, left = {0, 0};
  r = nanosleep(&want, &left);
  printf("nanosleep returned %d (EINTR %d), left %lds+, SIGUSR2 x%d\n", r, errno == EINTR, (long)left.tv_sec,
         (int)got[SIGUSR2]);
  waitpid(child, NULL, 0);

  handle(SIGCHLD, SA_RESTART);
  child = fork();
  if (child == 0) {
    struct timespec ts = {0, 10 * 1000000};
    nanosleep(&ts, NULL);
    _exit(5);
  }
  int status;
  test_assert(waitpid(child, &status, 0) == child);
  printf("wait4 with SIGCHLD handler: status %d, SIGCHLD x%d\n", WEXITSTATUS(status), (int)got[SIGCHLD]);
  return exit_success();
}
