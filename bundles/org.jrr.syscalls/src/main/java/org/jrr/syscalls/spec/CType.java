package org.jrr.syscalls.spec;

/**
 * The C types whose sizes the specs need. Sizes differ between ABIs, so they live in {@link Abi}'s tables, not
 * here: adding an ABI means adding one table.
 */
public enum CType {
    /** {@code int}, {@code unsigned}, {@code pid_t}, {@code uid_t}, {@code gid_t}, {@code socklen_t}. */
    INT("int"),
    /** {@code long}, {@code unsigned long}, {@code size_t}, {@code time_t}, a pointer: one machine word. */
    LONG("long"),
    /** {@code loff_t}, {@code __u64}: 8 bytes on every ABI. */
    U64("__u64"),
    STAT("struct stat"),
    STATX("struct statx"),
    STATFS("struct statfs"),
    TIMESPEC("struct timespec"),
    TIMEVAL("struct timeval"),
    TIMEZONE("struct timezone"),
    ITIMERVAL("struct itimerval"),
    ITIMERSPEC("struct itimerspec"),
    TIMEX("struct timex"),
    TMS("struct tms"),
    RLIMIT("struct rlimit"),
    RLIMIT64("struct rlimit64"),
    RUSAGE("struct rusage"),
    SYSINFO("struct sysinfo"),
    UTSNAME("struct new_utsname"),
    /** The kernel's {@code struct sigaction} (handler, flags, restorer, 8-byte mask), not glibc's. */
    KERNEL_SIGACTION("struct kernel_sigaction"),
    STACK_T("stack_t"),
    SIGINFO("siginfo_t"),
    FLOCK("struct flock"),
    F_OWNER_EX("struct f_owner_ex"),
    /** The kernel's {@code struct termios} (TCGETS), 36 bytes on x86; glibc's user-space one is larger. */
    TERMIOS("struct termios (kernel)"),
    TERMIOS2("struct termios2"),
    WINSIZE("struct winsize"),
    POLLFD("struct pollfd"),
    EPOLL_EVENT("struct epoll_event"),
    SOCKADDR_STORAGE("struct sockaddr_storage"),
    CAP_USER_DATA("struct __user_cap_data_struct"),
    SCHED_PARAM("struct sched_param"),
    IOVEC("struct iovec"),
    MSGHDR("struct msghdr"),
    MMSGHDR("struct mmsghdr"),
    /** System V IPC: {@code struct msqid64_ds}, {@code struct semid64_ds}, {@code struct msginfo}, {@code struct seminfo}. */
    MSQID_DS("struct msqid64_ds"),
    SEMID_DS("struct semid64_ds"),
    MSGINFO("struct msginfo"),
    SEMINFO("struct seminfo"),
    MQ_ATTR("struct mq_attr"),
    CACHESTAT("struct cachestat"),
    /** The kernel's {@code struct ifreq}, the argument of the SIOCGIF* socket ioctls. */
    IFREQ("struct ifreq"),
    IFCONF("struct ifconf");

    private final String cName;

    CType(String cName) {
        this.cName = cName;
    }

    /** The C spelling, for messages. */
    public String cName() {
        return cName;
    }
}
