/*
 * The replay exec stub. Replay execs it wherever the recording exec'd a program, then rebuilds the recorded
 * address space around it; it never runs on its own. Its first instructions, at a fixed address, are the
 * syscall gadget jrr uses for remote syscalls.
 */
    .text
    .globl _start
_start:
    syscall
    int3
    /* Not reached under jrr; exit(0) if someone runs it directly. */
    mov $60, %eax
    xor %edi, %edi
    syscall
    .section .note.GNU-stack,"",@progbits
