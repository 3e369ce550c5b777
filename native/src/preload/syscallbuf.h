/*
 * The syscall buffer's protocol between the preload library (in the recorded program) and jrr. The Java side
 * (bundle org.jrr.syscallbuf, class Protocol) mirrors every number here; change both together and bump
 * JRR_SB_VERSION.
 */
#ifndef JRR_SYSCALLBUF_H
#define JRR_SYSCALLBUF_H

#include <stdint.h>

#define JRR_SB_VERSION 5

/* jrr maps this page (inside its reserved range) after every exec of a recorded or replayed program. */
#define JRR_SB_PAGE 0x7000e000UL
/* pushfq; pop %r11; syscall; ret. Let through by the seccomp filter when recording; traced when replaying, where
 * it is a buffered call the recording turned into a traced one (it blocked). */
#define JRR_SB_BUFFERED (JRR_SB_PAGE + 0x00)
#define JRR_SB_BUFFERED_IP (JRR_SB_BUFFERED + 5)
/* A syscall when recording, none (0 returned, registers and stack as after it) when replaying: calls whose effect
 * is jrr's own (the desched counter). */
#define JRR_SB_RECORD_ONLY (JRR_SB_PAGE + 0x10)
/* Replaying: the result is read from the record (rcx points at it), registers and stack end as after
 * JRR_SB_BUFFERED's syscall; no syscall, no stop. Recording: ud2 (never called). */
#define JRR_SB_REPLAYED (JRR_SB_PAGE + 0x20)
/* pushfq; pop %r11; syscall; ret in both modes: calls whose effect replay must have too (madvise). Let through by the
 * seccomp filter when recording; replaying, jrr makes the syscall where the program stops at it, and the library
 * checks the result against the record's. */
#define JRR_SB_EXECUTED (JRR_SB_PAGE + 0x30)
/* "JRRSBUF" + version: the library only buffers where jrr mapped the page. */
#define JRR_SB_MAGIC_OFFSET 0x100
#define JRR_SB_MAGIC "JRRSBUF5"
/* After the magic: 1 on the page replay maps, 0 on the recording's. */
#define JRR_SB_MODE_OFFSET 0x108
/* Written by jrr, recorded: 1 once the process has a seccomp filter of its own, which must see each syscall where
 * the program makes it (a filter that traps one sends SIGSYS there): the library then buffers nothing. */
#define JRR_SB_OFF_OFFSET 0x109
/* Written by jrr, recorded, so replay's page says the same at the same points: byte fd of the table is 1 while
 * descriptor fd refers to a file some process of the recording maps shared (its reads and writes are traced: jrr
 * records what a write changes in the mappings, and checks them at a read); the byte before the table is 1 once any
 * file is mapped shared (then reads and writes of descriptors beyond the table are traced). */
#define JRR_SB_SHARED_ANY_OFFSET 0x3ff
#define JRR_SB_TRACED_FDS_OFFSET 0x400
#define JRR_SB_TRACED_FDS 1024

/* Requests to jrr, as syscalls the kernel does not have (jrr answers them at their seccomp stop). */
#define JRR_SB_CALL_REGISTER 1000 /* (buffer, size, desched fd): returns the tid, or -errno */
#define JRR_SB_CALL_FLUSH 1001    /* the buffer is full: jrr takes its records and empties it */
/* replay only: the call differs from the record there: (record offset, nr, what differs: bit i argument i, bit 6 the
 * number, 7 the size, 8 the record passes the end of jrr's, 9 the result of a call replay makes; then the first three
 * arguments) */
#define JRR_SB_CALL_DIVERGED 1002

/* At the buffer's start. jrr reads it at every flush and writes abort_commit (and replay_end, replaying). */
struct jrr_sb_header {
    uint32_t num_rec_bytes; /* bytes of committed records after the header */
    uint32_t replay_end;    /* replaying: jrr put the recorded records up to here; 0 when recording */
    uint8_t locked;         /* the library is inside a hook */
    uint8_t abort_commit;   /* jrr recorded the call in progress as a traced syscall: drop its record */
    uint8_t desched_armed;  /* the call in progress may block and the desched event is armed */
    uint8_t others_ready;   /* recording: jrr has another thread ready to run (a sched_yield goes to jrr) */
    int32_t desched_fd;     /* -1 without desched: calls that may block are traced */
    uint32_t size;          /* of the whole buffer, header included */
    uint32_t owner_tid;
    uint8_t pad[8];
    uint64_t reserved[4];
};

/* Replay: a hook whose record jrr put in the buffer takes its result and outputs from there, through
 * JRR_SB_REPLAYED; one with none goes through JRR_SB_BUFFERED and stops jrr. The two modes must leave the same
 * registers and stack behind (jrr_syscall_hook clears what the hook used), since a later point of the program is
 * found by its registers and memory. */

/* One buffered syscall: its number, its arguments as the kernel saw them (out-pointers aimed into data), its
 * result, then the bytes the kernel wrote, which jrr finds through the syscall's handler. 8-byte aligned. */
struct jrr_sb_record {
    uint32_t size; /* header and data */
    uint16_t nr;
    uint16_t flags;
    int64_t ret;
    uint64_t args[6];
    uint8_t data[];
};

#define JRR_SB_HEADER_SIZE 64
#define JRR_SB_RECORD_HEADER_SIZE 64
#define JRR_SB_SIZE (1 << 20)
#define JRR_SB_DESCHED_SIGNAL 30 /* SIGPWR, as rr */

#endif
