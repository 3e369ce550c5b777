package org.jrr.linux;

/** ptrace request numbers, options and events (linux/ptrace.h). */
public final class Ptrace {
    public static final int PEEKUSER = 3, POKEUSER = 6, CONT = 7, KILL = 8, SINGLESTEP = 9, GETREGS = 12,
            SETREGS = 13, GETFPREGS = 14, SETFPREGS = 15, SYSCALL = 24, SYSEMU = 31, SYSEMU_SINGLESTEP = 32,
            SETOPTIONS = 0x4200, GETEVENTMSG = 0x4201, GETSIGINFO = 0x4202, SETSIGINFO = 0x4203,
            SEIZE = 0x4206, INTERRUPT = 0x4207, LISTEN = 0x4208, GETREGSET = 0x4204, SETREGSET = 0x4205;
    public static final int O_TRACESYSGOOD = 1, O_TRACEFORK = 1 << 1, O_TRACEVFORK = 1 << 2,
            O_TRACECLONE = 1 << 3, O_TRACEEXEC = 1 << 4, O_TRACEVFORKDONE = 1 << 5, O_TRACEEXIT = 1 << 6,
            O_TRACESECCOMP = 1 << 7, O_EXITKILL = 1 << 20;
    public static final int EVENT_FORK = 1, EVENT_VFORK = 2, EVENT_CLONE = 3, EVENT_EXEC = 4,
            EVENT_VFORK_DONE = 5, EVENT_EXIT = 6, EVENT_SECCOMP = 7, EVENT_STOP = 128;

    private Ptrace() {
    }
}
