package org.jrr.api.syscall;

/** How replay reproduces a recorded syscall. */
public enum ReplayAction {
    /** Not executed: the recorded memory writes and result are put in place. */
    EMULATE,
    /** Executed again with the same arguments (munmap, mprotect, arch_prctl...); the result must match. */
    EXECUTE,
    /** mmap: mapped at the recorded address, from the trace's copy of the file or anonymous. */
    MMAP,
    /**
     * shmat: shared anonymous memory at the recorded address (shared again with the children replay forks),
     * holding the segment's recorded contents, which the call's writes cover from its start to its end.
     */
    SHMAT,
    /** mremap: moved or resized to the recorded address. */
    MREMAP,
    /** brk: the heap grown or shrunk as anonymous memory at the recorded addresses. */
    BRK,
    /** A successful execve: the address space is rebuilt from the following exec frame. */
    EXECVE,
    /** exit or exit_group: the task exits with the recorded status. */
    EXIT
}
