/* A program that starts a daemon (fork, setsid, fork again) and exits at once, as servers do: the daemon sleeps
 * for a minute before it would print. The recording ends with the program's first process (the daemon is killed
 * then), unless jrr record -w asks to wait for it. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "jrr_test.h"

int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 60;
  fflush(stdout);
  pid_t child = fork();
  test_assert(child >= 0);
  if (child == 0) {
    test_assert(setsid() > 0);
    pid_t daemon = fork();
    test_assert(daemon >= 0);
    if (daemon == 0) {
      sleep(seconds);
      printf("daemon woke after %d s\n", seconds);
      return 0;
    }
    return 0;
  }
  int status;
  test_assert(waitpid(child, &status, 0) == child);
  printf("started a daemon\n");
  exit_success();
}
