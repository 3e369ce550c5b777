/* Syscalls and ioctls that programs meet less often: each is called, and what it returned and wrote is printed
 * (errno too), so a replay that did not reproduce a call's result or its writes prints something else. A call
 * jrr refuses shows as ENOSYS in both runs. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/perf_event.h>
#include <mqueue.h>
#include <net/if.h>
#include <pty.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>
#include "jrr_test.h"

static void show(const char *what, long r, const void *out, size_t len) {
  printf("%s = %ld", what, r);
  if (r < 0) {
    printf(" errno %d", errno);
  }
  if (out != NULL && r >= 0) {
    printf(" out %016llx", (unsigned long long)fnv1a(FNV_INIT, out, len));
  }
  printf("\n");
}

union semun {
  int val;
  struct semid_ds *buf;
  unsigned short *array;
};

int main(void) {
  char tmp[] = "/tmp/jrr-corners-XXXXXX";
  int file = mkstemp(tmp);
  test_assert(file >= 0);
  test_assert(write(file, "corner cases\n", 13) == 13);

  /* capabilities: version 0 asks the kernel for its preferred version, written into the header */
  struct __user_cap_header_struct hdr = {0, 0};
  long r = syscall(SYS_capget, &hdr, NULL);
  printf("capget version probe = %ld, version %#x\n", r, hdr.version);
  struct __user_cap_data_struct caps[2];
  memset(caps, 0, sizeof caps);
  hdr.version = _LINUX_CAPABILITY_VERSION_3;
  r = syscall(SYS_capget, &hdr, caps);
  show("capget", r, caps, sizeof caps);

  /* pidfds */
  int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
  show("pidfd_open", pidfd >= 0 ? 0 : -1, NULL, 0);
  r = syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0);
  show("pidfd_send_signal 0", r, NULL, 0);
  int got = (int)syscall(SYS_pidfd_getfd, pidfd, file, 0);
  show("pidfd_getfd", got >= 0 ? 0 : -1, NULL, 0);
  if (got >= 0) {
    char back[16] = {0};
    show("pread of the got fd", pread(got, back, sizeof back, 0), back, sizeof back);
    close(got);
  }
  close(pidfd);

  /* namespaces and the like that change nothing the replay sees */
  show("unshare 0", syscall(SYS_unshare, 0), NULL, 0);
  show("unshare files+fs", syscall(SYS_unshare, CLONE_FILES | CLONE_FS), NULL, 0);

  /* a software perf counter on ourselves, read through the fd */
  struct perf_event_attr pa;
  memset(&pa, 0, sizeof pa);
  pa.type = PERF_TYPE_SOFTWARE;
  pa.size = sizeof pa;
  pa.config = PERF_COUNT_SW_TASK_CLOCK;
  pa.exclude_kernel = 1;
  int perf = (int)syscall(SYS_perf_event_open, &pa, 0, -1, -1, 0);
  show("perf_event_open", perf >= 0 ? 0 : -1, NULL, 0);
  if (perf >= 0) {
    unsigned long long count = 0;
    show("perf read", read(perf, &count, sizeof count), &count, sizeof count);
    close(perf);
  }

  /* System V message queues and semaphores */
  int q = msgget(IPC_PRIVATE, 0600);
  struct msqid_ds qs;
  memset(&qs, 0, sizeof qs);
  show("msgctl IPC_STAT", msgctl(q, IPC_STAT, &qs), &qs.msg_perm.mode, sizeof qs.msg_perm.mode);
  printf("msgctl times %ld %ld\n", (long)qs.msg_ctime, (long)qs.msg_qbytes);
  show("msgctl IPC_RMID", msgctl(q, IPC_RMID, NULL), NULL, 0);
  int sem = semget(IPC_PRIVATE, 3, 0600);
  unsigned short vals[3] = {7, 8, 9};
  union semun arg = {.array = vals};
  show("semctl SETALL", semctl(sem, 0, SETALL, arg), NULL, 0);
  memset(vals, 0, sizeof vals);
  show("semctl GETALL", semctl(sem, 0, GETALL, arg), vals, sizeof vals);
  printf("semaphores %u %u %u\n", vals[0], vals[1], vals[2]);
  struct semid_ds ss;
  memset(&ss, 0, sizeof ss);
  arg.buf = &ss;
  show("semctl IPC_STAT", semctl(sem, 0, IPC_STAT, arg), &ss.sem_nsems, sizeof ss.sem_nsems);
  printf("semaphore set time %ld\n", (long)ss.sem_ctime);
  show("semctl GETVAL", semctl(sem, 1, GETVAL), NULL, 0);
  show("semctl IPC_RMID", semctl(sem, 0, IPC_RMID), NULL, 0);

  /* POSIX message queues: the attributes the kernel writes back */
  char qname[64];
  snprintf(qname, sizeof qname, "/jrr-corners-%d", getpid());
  struct mq_attr qa = {.mq_maxmsg = 4, .mq_msgsize = 32};
  mqd_t mq = mq_open(qname, O_CREAT | O_RDWR, 0600, &qa);
  struct mq_attr old;
  memset(&old, 0, sizeof old);
  show("mq_getsetattr", syscall(SYS_mq_getsetattr, mq, NULL, &old), &old, sizeof old);
  printf("queue %ld %ld %ld\n", old.mq_maxmsg, old.mq_msgsize, old.mq_curmsgs);
  mq_close(mq);
  mq_unlink(qname);

  /* newer or rarer calls: each works or fails the same way in replay */
  show("landlock abi", syscall(SYS_landlock_create_ruleset, NULL, 0, 1UL), NULL, 0);
  int tree = (int)syscall(SYS_open_tree, AT_FDCWD, "/tmp", 0);
  show("open_tree", tree >= 0 ? 0 : -1, NULL, 0);
  if (tree >= 0) {
    struct stat st;
    show("fstat of the tree", fstat(tree, &st), &st.st_mode, sizeof st.st_mode);
    close(tree);
  }
  struct {
    unsigned int handle_bytes;
    int handle_type;
    unsigned char f_handle[128];
  } fh = {.handle_bytes = 128};
  int mount_id = -1;
  r = syscall(SYS_name_to_handle_at, AT_FDCWD, tmp, &fh, &mount_id, 0);
  show("name_to_handle_at", r, &fh, r == 0 ? 8 + fh.handle_bytes : 0);
  printf("mount id %d\n", mount_id);
  fh.handle_bytes = 0;
  r = syscall(SYS_name_to_handle_at, AT_FDCWD, tmp, &fh, &mount_id, 0);
  printf("name_to_handle_at with no room = %ld, it needs %u\n", r, fh.handle_bytes);
  show("fchmodat2", syscall(452, AT_FDCWD, tmp, 0640, 0), NULL, 0);
  show("an invalid syscall", syscall(100000), NULL, 0);
  show("a syscall past the table", syscall(1000), NULL, 0);
  struct {
    unsigned long long cache, dirty, writeback, evicted, recently_evicted;
  } cs;
  struct {
    unsigned long long off, len;
  } range = {0, 0};
  memset(&cs, 0, sizeof cs);
  show("cachestat", syscall(451, file, &range, &cs, 0), &cs, sizeof cs);

  /* ioctls: a pseudo-terminal, a file, a socket */
  int master, slave;
  struct winsize ws = {.ws_row = 24, .ws_col = 80};
  if (openpty(&master, &slave, NULL, NULL, &ws) == 0) {
    struct termios t;
    show("TCGETS", ioctl(slave, TCGETS, &t), &t.c_lflag, sizeof t.c_lflag);
    unsigned int ptn = 0;
    show("TIOCGPTN", ioctl(master, TIOCGPTN, &ptn), NULL, 0);
    struct winsize back;
    show("TIOCGWINSZ", ioctl(slave, TIOCGWINSZ, &back), &back, sizeof back);
    int pending = -1;
    show("FIONREAD on a tty", ioctl(master, FIONREAD, &pending), &pending, sizeof pending);
    close(master);
    close(slave);
  } else {
    printf("no pseudo-terminal\n");
  }
  long flags = 0;
  show("FS_IOC_GETFLAGS", ioctl(file, FS_IOC_GETFLAGS, &flags), NULL, 0);
  int bsz = 0;
  show("FIGETBSZ", ioctl(file, FIGETBSZ, &bsz), &bsz, sizeof bsz);
  int sock = socket(AF_INET, SOCK_DGRAM, 0);
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  strcpy(ifr.ifr_name, "lo");
  show("SIOCGIFINDEX", ioctl(sock, SIOCGIFINDEX, &ifr), &ifr.ifr_ifindex, sizeof ifr.ifr_ifindex);
  show("SIOCGIFFLAGS", ioctl(sock, SIOCGIFFLAGS, &ifr), &ifr.ifr_flags, sizeof ifr.ifr_flags);
  char conf[1024];
  struct ifconf ic = {.ifc_len = sizeof conf, .ifc_buf = conf};
  show("SIOCGIFCONF", ioctl(sock, SIOCGIFCONF, &ic), conf, (size_t)(ic.ifc_len > 0 ? ic.ifc_len : 0));
  close(sock);

  close(file);
  unlink(tmp);
  exit_success();
}
