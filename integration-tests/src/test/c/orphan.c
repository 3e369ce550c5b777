/*
 * The root process exits (status 3) before its children: a child and a
 * grandchild outlive it, are reparented, and print after it is gone.
 */
#include "jrr_test.h"
#include <time.h>
#include <unistd.h>

static void nap(long ms) {
  struct timespec ts = {0, ms * 1000000};
  nanosleep(&ts, NULL);
}

int main(void) {
  printf("root %d\n", (int)getpid());
  fflush(stdout);
  pid_t child = fork();
  test_assert(child >= 0);
  if (child == 0) {
    pid_t grandchild = fork();
    nap(grandchild == 0 ? 60 : 30);
    printf("%s %d outlived the root; parent now %s\n", grandchild == 0 ? "grandchild" : "child",
           (int)getpid(), getppid() == 1 ? "init" : "a subreaper");
    printf("EXIT-SUCCESS\n");
    return 0;
  }
  return 3;
}
