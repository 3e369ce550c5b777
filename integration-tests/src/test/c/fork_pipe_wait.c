/*
 * A process tree: three children write to a shared pipe and exit with their
 * own status; a fourth execs this program again (argument "child"), which
 * prints its pid and parent's pid. The parent reads the pipe, reaps each child
 * with waitpid and prints what it got.
 */
#include "jrr_test.h"
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc > 1) {
    printf("exec'd child pid %d ppid %d\n", (int)getpid(), (int)getppid());
    return 7;
  }
  int fds[2];
  test_assert(pipe(fds) == 0);
  pid_t kids[4];
  for (int i = 0; i < 3; i++) {
    kids[i] = fork();
    test_assert(kids[i] >= 0);
    if (kids[i] == 0) {
      close(fds[0]);
      char msg[64];
      int n = snprintf(msg, sizeof msg, "child %d pid %d\n", i, (int)getpid());
      test_assert(write(fds[1], msg, n) == n);
      _exit(10 + i);
    }
  }
  fflush(stdout);
  kids[3] = fork();
  if (kids[3] == 0) {
    execl("/proc/self/exe", argv[0], "child", (char *)NULL);
    _exit(99);
  }
  close(fds[1]);
  char buf[1024];
  size_t total = 0;
  ssize_t n;
  while ((n = read(fds[0], buf + total, sizeof buf - 1 - total)) > 0) {
    total += n;
  }
  buf[total] = 0;
  printf("pipe got %zu bytes:\n%s", total, buf);
  for (int i = 0; i < 4; i++) {
    int status;
    pid_t p = waitpid(kids[i], &status, 0);
    test_assert(p == kids[i]);
    printf("child %d (pid %d) exited %d\n", i, (int)p, WEXITSTATUS(status));
  }
  pid_t v = vfork();
  if (v == 0) {
    _exit(42);
  }
  int status;
  test_assert(waitpid(v, &status, 0) == v);
  printf("vfork child %d exited %d\n", (int)v, WEXITSTATUS(status));
  return exit_success();
}
