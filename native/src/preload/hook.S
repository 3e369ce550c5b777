/*
 * jrr_syscall_hook: where a patched syscall site's stub calls in, with the syscall's registers as the program set
 * them (rax the number, rdi rsi rdx r10 r8 r9 the arguments) and the stack moved below the red zone. Returns with
 * every register as it was but rax (the result, or the number when not handled), r11 (1 when handled: the stub
 * then skips its own, traced syscall instruction) and rcx (0), which a syscall clobbers anyway.
 *
 * The hook takes other paths when replaying than when recording (no syscall), and a later point of the program is
 * found by its registers and memory, the dead stack below it included: so what the hook leaves behind is the same
 * either way. The stack it used is cleared, rcx is 0 and cmp sets every arithmetic flag from r11 alone.
 */
/* more than jrr_hook and what it calls use (-Wstack-usage in the Makefile keeps it so) */
#define CLEARED 2048
    .text
    .globl jrr_syscall_hook
    .hidden jrr_syscall_hook
    .type jrr_syscall_hook, @function
jrr_syscall_hook:
    .cfi_startproc
    push %rbp
    .cfi_def_cfa_offset 16
    .cfi_offset %rbp, -16
    mov %rsp, %rbp
    .cfi_def_cfa_register %rbp
    push %rdi
    push %rsi
    push %rdx
    push %r10
    push %r8
    push %r9
    push %rax
    and $-16, %rsp
    sub $64, %rsp
    mov %rax, 0(%rsp)
    mov %rdi, 8(%rsp)
    mov %rsi, 16(%rsp)
    mov %rdx, 24(%rsp)
    mov %r10, 32(%rsp)
    mov %r8, 40(%rsp)
    mov %r9, 48(%rsp)
    mov %rsp, %rdi
    cld
    call jrr_hook
    mov %rdx, %r11
    mov %rax, %rdx
    lea -CLEARED(%rsp), %rdi
    mov $(CLEARED / 8), %ecx
    xor %eax, %eax
    rep stosq
    mov %rdx, %rax
    cmp $0, %r11
    jne 1f
    mov -56(%rbp), %rax
1:
    lea -48(%rbp), %rsp
    pop %r9
    pop %r8
    pop %r10
    pop %rdx
    pop %rsi
    pop %rdi
    pop %rbp
    .cfi_def_cfa %rsp, 8
    ret
    .cfi_endproc
    .size jrr_syscall_hook, .-jrr_syscall_hook
    .section .note.GNU-stack,"",@progbits
