/* A tracer in the manner of strace: the child asks to be traced and stops itself; the parent sets
 * TRACESYSGOOD and TRACEEXIT and resumes it with PTRACE_SYSCALL, seeing each syscall's entry and exit (its number
 * through PEEKUSER and GET_SYSCALL_INFO, its result through GETREGS), then the child's exit stop and its status
 * (GETEVENTMSG) before the end. The child's calls include ones jrr would buffer (write, getppid): a traced task
 * must stop at each of them as it does natively. Then a traced child vforks, followed by its tracer. */
#define _GNU_SOURCE
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/ptrace.h>
#include "jrr_test.h"

/* A tracer following a vfork (TRACEVFORK, TRACEVFORKDONE): the vfork event with the new pid, the new child's first
 * stop (it is traced from its first instruction), the vfork-done event once the child has exited, and both ends. */
static void follow_vfork(void) {
  fflush(stdout);
  pid_t child = fork();
  test_assert(child >= 0);
  if (child == 0) {
    test_assert(ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0);
    raise(SIGSTOP);
    pid_t grandchild = vfork();
    if (grandchild == 0) {
      _exit(4);
    }
    int st;
    test_assert(waitpid(grandchild, &st, 0) == grandchild);
    _exit(WEXITSTATUS(st) + 1);
  }
  int status;
  test_assert(waitpid(child, &status, 0) == child && WIFSTOPPED(status));
  test_assert(ptrace(PTRACE_SETOPTIONS, child, NULL, (void *)(long)(PTRACE_O_TRACEVFORK | PTRACE_O_TRACEVFORKDONE)) == 0);
  test_assert(ptrace(PTRACE_CONT, child, NULL, NULL) == 0);
  unsigned long vforked = 0;
  int vfork_event = 0, first_stop = 0, done_event = 0, ends = 0;
  while (ends < 2) {
    pid_t pid = waitpid(-1, &status, __WALL);
    test_assert(pid > 0);
    if (WIFEXITED(status)) {
      ends++;
      printf("vfork: %s exited %d\n", pid == child ? "the child" : "the vfork child", WEXITSTATUS(status));
      continue;
    }
    test_assert(WIFSTOPPED(status));
    int event = status >> 16;
    if (pid == child && event == PTRACE_EVENT_VFORK) {
      test_assert(ptrace(PTRACE_GETEVENTMSG, child, NULL, &vforked) == 0);
      vfork_event = 1;
    } else if (pid == child && event == PTRACE_EVENT_VFORK_DONE) {
      unsigned long msg = 0;
      test_assert(ptrace(PTRACE_GETEVENTMSG, child, NULL, &msg) == 0);
      test_assert(vforked == 0 || msg == vforked);
      done_event = 1;
    } else if (pid != child && event == 0 && WSTOPSIG(status) == SIGSTOP) {
      first_stop = 1; /* the vfork child's first stop, before or after its parent's event */
    }
    test_assert(ptrace(PTRACE_CONT, pid, NULL, NULL) == 0);
  }
  printf("vfork: event %d, its child's first stop %d, vfork done %d\n", vfork_event, first_stop, done_event);
  test_assert(vfork_event && first_stop && done_event);
}

int main(void) {
  int fds[2];
  test_assert(pipe(fds) == 0);
  fflush(stdout);
  pid_t child = fork();
  test_assert(child >= 0);
  if (child == 0) {
    test_assert(ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0);
    raise(SIGSTOP);
    pid_t parent = getppid();
    char msg[32];
    int n = snprintf(msg, sizeof msg, "ppid %d\n", parent);
    test_assert(write(fds[1], msg, n) == n);
    syscall(SYS_getpid);
    _exit(5);
  }
  int status;
  test_assert(waitpid(child, &status, 0) == child);
  test_assert(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
  test_assert(ptrace(PTRACE_SETOPTIONS, child, NULL, (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXIT)) == 0);
  int entries = 0, exits = 0, in_syscall = 0, saw_write = 0, saw_getppid = 0, exit_stop = 0;
  long nr = -1;
  for (;;) {
    test_assert(ptrace(PTRACE_SYSCALL, child, NULL, NULL) == 0);
    test_assert(waitpid(child, &status, 0) == child);
    if (WIFEXITED(status)) {
      printf("tracer: the child exited %d\n", WEXITSTATUS(status));
      break;
    }
    test_assert(WIFSTOPPED(status));
    if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXIT << 8))) {
      unsigned long msg = 0;
      test_assert(ptrace(PTRACE_GETEVENTMSG, child, NULL, &msg) == 0);
      printf("tracer: exit stop, status %#lx\n", msg);
      exit_stop = 1;
      continue;
    }
    test_assert(WSTOPSIG(status) == (SIGTRAP | 0x80));
    struct ptrace_syscall_info info;
    memset(&info, 0, sizeof info);
    long size = ptrace(PTRACE_GET_SYSCALL_INFO, child, (void *)sizeof info, &info);
    if (!in_syscall) {
      entries++;
      errno = 0;
      nr = ptrace(PTRACE_PEEKUSER, child, (void *)offsetof(struct user_regs_struct, orig_rax), NULL);
      test_assert(errno == 0);
      test_assert(size < 0 || (info.op == PTRACE_SYSCALL_INFO_ENTRY && (long)info.entry.nr == nr));
      if (nr == SYS_write) {
        saw_write = 1;
        test_assert(size < 0 || (int)info.entry.args[0] == fds[1]);
      }
    } else {
      exits++;
      struct user_regs_struct regs;
      test_assert(ptrace(PTRACE_GETREGS, child, NULL, &regs) == 0);
      test_assert(size < 0 || (info.op == PTRACE_SYSCALL_INFO_EXIT && info.exit.rval == (long)regs.rax));
      if (nr == SYS_getppid) {
        saw_getppid = 1;
        test_assert((pid_t)regs.rax == getpid());
      }
      if (nr == SYS_getpid) {
        test_assert((pid_t)regs.rax == child);
      }
      printf("tracer: syscall %ld returned %lld\n", nr, (long long)regs.rax);
    }
    in_syscall = !in_syscall;
  }
  char buf[64] = {0};
  test_assert(read(fds[0], buf, sizeof buf - 1) > 0);
  printf("tracer: the child wrote %s", buf);
  printf("tracer: %d entries, %d exits\n", entries, exits);
  test_assert(saw_write && saw_getppid && exit_stop);
  test_assert(entries == exits + 1); /* exit_group has no exit */
  follow_vfork();
  exit_success();
}
