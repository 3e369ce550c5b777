/*
 * Process and system identity: uname fields, gethostname, and the pid, ppid,
 * uid, euid, gid, egid, tid, pgrp and sid. The pids differ from run to run.
 */
#define _GNU_SOURCE
#include <sys/utsname.h>
#include <unistd.h>

#include "jrr_test.h"

int main(void) {
  struct utsname u;
  test_assert(uname(&u) == 0);
  printf("sysname %s\n", u.sysname);
  printf("nodename %s\n", u.nodename);
  printf("release %s\n", u.release);
  printf("version %s\n", u.version);
  printf("machine %s\n", u.machine);
  test_assert(strcmp(u.sysname, "Linux") == 0);

  char host[256];
  test_assert(gethostname(host, sizeof(host)) == 0);
  printf("hostname %s\n", host);
  test_assert(strcmp(host, u.nodename) == 0);

  pid_t pid = getpid();
  printf("pid %d\n", (int)pid);
  printf("tid %d\n", (int)gettid());
  printf("ppid %d\n", (int)getppid());
  printf("uid %d euid %d gid %d egid %d\n", (int)getuid(), (int)geteuid(), (int)getgid(),
         (int)getegid());
  printf("pgrp %d sid %d\n", (int)getpgrp(), (int)getsid(0));
  test_assert(gettid() == pid);

  return exit_success();
}
