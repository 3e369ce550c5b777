/*
 * libjrrpreload.so: jrr's syscall buffer, loaded into recorded programs with LD_PRELOAD.
 *
 * At load it patches the syscall instructions of the loaded objects (libc, ld.so, the vDSO jrr rewrote) whose
 * surroundings match a known pattern into jumps to small stubs, which call jrr_hook. The hook makes the cheap
 * syscalls itself through jrr's untraced entry point (the seccomp filter lets that one address through, so no
 * ptrace stop), aims their out-pointers into a per-thread buffer, and appends a record of each to it; jrr
 * reads the records at its next stop of the thread (a flush) and stores them as one event. Everything else, and
 * anything the hook cannot bound, goes back to the stub, which makes the syscall as before (traced).
 *
 * The patching is done here, by the program itself, so replay patches the same code the same way: the
 * library runs unchanged in replay, where jrr emulates each buffered syscall from its record instead.
 *
 * Built with -mgeneral-regs-only and -mno-red-zone: the hook runs between any two instructions of the program
 * and must leave its vector registers alone; its calls into jrr's page push below the stack pointer.
 * The hook calls nothing in libc.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "syscallbuf.h"

#define PAGE 4096UL
#define STUB_SIZE 48
#define MAX_OUT (JRR_SB_SIZE / 4) /* larger outputs are traced */

struct syscall_args {
    long nr, a[6];
};

struct hook_result {
    long ret, handled;
};

extern void jrr_syscall_hook(void);
struct hook_result jrr_hook(struct syscall_args *s);

static int enabled;
static __thread struct jrr_sb_header *buffer;
static __thread int buffer_failed;

/* ---- raw syscalls: from this library's own instruction (traced), or through jrr's page */

static long traced(long nr, long a, long b, long c, long d, long e, long f) {
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

static long through(unsigned long entry, long nr, long a, long b, long c, long d, long e, long f) {
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;
    __asm__ volatile("call *%[entry]"
                     : "=a"(ret)
                     : [entry] "r"(entry), "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

static void copy(void *to, const void *from, size_t n) {
    unsigned char *t = to;
    const unsigned char *f = from;
    while (n--) {
        *t++ = *f++;
    }
}

/* ---- per-thread buffer */

static int open_desched(int tid) {
    struct perf_event_attr attr;
    unsigned char *p = (unsigned char *) &attr;
    for (size_t i = 0; i < sizeof attr; i++) {
        p[i] = 0;
    }
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_CONTEXT_SWITCHES;
    attr.disabled = 1;
    attr.sample_period = 1;
    long fd = traced(SYS_perf_event_open, (long) &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    struct f_owner_ex owner = {F_OWNER_TID, tid};
    if (traced(SYS_fcntl, fd, F_SETFL, O_ASYNC, 0, 0, 0) < 0
            || traced(SYS_fcntl, fd, F_SETOWN_EX, (long) &owner, 0, 0, 0) < 0
            || traced(SYS_fcntl, fd, F_SETSIG, JRR_SB_DESCHED_SIGNAL, 0, 0, 0) < 0) {
        traced(SYS_close, fd, 0, 0, 0, 0, 0);
        return -1;
    }
    return (int) fd;
}

static struct jrr_sb_header *thread_buffer(void) {
    if (buffer != NULL || buffer_failed) {
        return buffer;
    }
    buffer_failed = 1;
    long b = traced(SYS_mmap, 0, JRR_SB_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (b < 0 && b > -4096) {
        return NULL;
    }
    struct jrr_sb_header *h = (struct jrr_sb_header *) b;
    int tid = (int) traced(SYS_gettid, 0, 0, 0, 0, 0, 0);
    h->size = JRR_SB_SIZE;
    h->desched_fd = open_desched(tid);
    long r = traced(JRR_SB_CALL_REGISTER, b, JRR_SB_SIZE, h->desched_fd, 0, 0, 0);
    if (r <= 0) {
        traced(SYS_munmap, b, JRR_SB_SIZE, 0, 0, 0, 0);
        return NULL;
    }
    h->owner_tid = (uint32_t) r;
    buffer_failed = 0;
    buffer = h;
    return h;
}

/* A forked child has a copy of its parent's buffer and a desched event that counts the parent: it starts anew. */
static void forked_child(void) {
    buffer = NULL;
    buffer_failed = 0;
}

/* ---- the hook */

/* An output of a buffered syscall: the argument that points at it and how many bytes the kernel may write. */
struct out {
    int arg;
    size_t size;
    int in; /* the kernel reads it too (poll's fds): copied into the record first */
};

#define NOT_HANDLED ((struct hook_result){0, 0})

struct hook_result jrr_hook(struct syscall_args *s) {
    if (!enabled) {
        return NOT_HANDLED;
    }
    long nr = s->nr;
    struct out outs[2];
    int nouts = 0, may_block = 0;
    switch (nr) {
    case SYS_read:
        may_block = 1;
        /* fall through */
    case SYS_pread64:
        outs[nouts++] = (struct out){1, (size_t) s->a[2], 0};
        break;
    case SYS_write:
        may_block = 1;
        break;
    case SYS_pwrite64:
    case SYS_lseek:
    case SYS_getpid:
    case SYS_getppid:
    case SYS_gettid:
    case SYS_getuid:
    case SYS_geteuid:
    case SYS_getgid:
    case SYS_getegid:
        break;
    case SYS_fstat:
    case SYS_stat:
    case SYS_lstat:
        outs[nouts++] = (struct out){1, 144, 0};
        break;
    case SYS_newfstatat:
        outs[nouts++] = (struct out){2, 144, 0};
        break;
    case SYS_statx:
        outs[nouts++] = (struct out){4, 256, 0};
        break;
    case SYS_clock_gettime:
        outs[nouts++] = (struct out){1, 16, 0};
        break;
    case SYS_gettimeofday:
        outs[nouts++] = (struct out){0, 16, 0};
        outs[nouts++] = (struct out){1, 8, 0};
        break;
    case SYS_time:
        outs[nouts++] = (struct out){0, 8, 0};
        break;
    case SYS_getrandom:
        if (s->a[2] & 2 /* GRND_RANDOM */) {
            return NOT_HANDLED;
        }
        outs[nouts++] = (struct out){0, (size_t) s->a[1], 0};
        break;
    case SYS_futex:
        switch (s->a[1] & 0x7f) { /* less FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME */
        case 1:  /* WAKE */
        case 10: /* WAKE_BITSET */
        case 3:  /* REQUEUE */
        case 4:  /* CMP_REQUEUE */
            break;
        case 0: /* WAIT */
        case 9: /* WAIT_BITSET */
            may_block = 1;
            break;
        default:
            return NOT_HANDLED;
        }
        break;
    case SYS_poll:
        if (s->a[2] != 0) {
            may_block = 1;
        }
        outs[nouts++] = (struct out){0, (size_t) s->a[1] * 8, 1};
        break;
    default:
        return NOT_HANDLED;
    }
    struct jrr_sb_header *h = thread_buffer();
    if (h == NULL || h->locked) {
        return NOT_HANDLED;
    }
    if (may_block && h->desched_fd < 0) {
        return NOT_HANDLED; /* without desched jrr would not know that it blocked */
    }
    size_t need = JRR_SB_RECORD_HEADER_SIZE;
    for (int i = 0; i < nouts; i++) {
        if (s->a[outs[i].arg] == 0) {
            outs[i].size = 0; /* a null pointer stays null */
        }
        if (outs[i].size > MAX_OUT) {
            return NOT_HANDLED;
        }
        need += (outs[i].size + 7) & ~7UL;
    }
    h->locked = 1;
    if (JRR_SB_HEADER_SIZE + h->num_rec_bytes + need > h->size) {
        /* full: jrr takes the records and empties it before this returns */
        traced(JRR_SB_CALL_FLUSH, 0, 0, 0, 0, 0, 0);
    }
    struct jrr_sb_record *rec = (struct jrr_sb_record *) ((char *) h + JRR_SB_HEADER_SIZE + h->num_rec_bytes);
    long args[6];
    for (int i = 0; i < 6; i++) {
        args[i] = s->a[i];
    }
    unsigned char *data = rec->data;
    for (int i = 0; i < nouts; i++) {
        if (outs[i].size == 0) {
            continue;
        }
        if (outs[i].in) {
            copy(data, (void *) s->a[outs[i].arg], outs[i].size);
        }
        args[outs[i].arg] = (long) data;
        data += (outs[i].size + 7) & ~7UL;
    }
    rec->size = (uint32_t) need;
    rec->nr = (uint16_t) nr;
    rec->flags = (uint16_t) may_block;
    for (int i = 0; i < 6; i++) {
        rec->args[i] = (uint64_t) args[i];
    }
    int armed = may_block;
    if (armed) {
        h->desched_armed = 1;
        through(JRR_SB_RECORD_ONLY, SYS_ioctl, h->desched_fd, PERF_EVENT_IOC_ENABLE, 0, 0, 0, 0);
    }
    long ret = through(JRR_SB_BUFFERED, nr, args[0], args[1], args[2], args[3], args[4], args[5]);
    if (armed) {
        through(JRR_SB_RECORD_ONLY, SYS_ioctl, h->desched_fd, PERF_EVENT_IOC_DISABLE, 0, 0, 0, 0);
        h->desched_armed = 0;
    }
    rec->ret = ret;
    if (h->abort_commit) {
        h->abort_commit = 0; /* jrr recorded it as a traced syscall: no record */
    } else {
        h->num_rec_bytes += (uint32_t) need;
    }
    if (ret >= 0 || ret < -4095) {
        for (int i = 0; i < nouts; i++) {
            if (outs[i].size != 0) {
                copy((void *) s->a[outs[i].arg], (void *) args[outs[i].arg], outs[i].size);
            }
        }
    }
    h->locked = 0;
    return (struct hook_result){ret, 1};
}

/* ---- patching */

struct pattern {
    int before;             /* bytes of the region before the syscall instruction */
    int length;             /* the region's length, syscall included */
    unsigned char bytes[8]; /* what the region holds; 0xff marks a byte that may be anything (an immediate) */
    unsigned char any[8];
};

/*
 * syscall; cmp $imm32,%rax — syscall; cmp $imm32,%eax — mov $imm32,%eax; syscall; ret: glibc's wrappers and
 * inline syscalls, and jrr's vDSO rewrite. What follows the syscall is moved into the stub and must not depend
 * on where it runs; what precedes it (the mov) must not be a jump target, which holds for these straight-line
 * sequences.
 */
static const struct pattern patterns[] = {
    {0, 8, {0x0f, 0x05, 0x48, 0x3d, 0, 0, 0, 0}, {0, 0, 0, 0, 1, 1, 1, 1}},
    {0, 7, {0x0f, 0x05, 0x3d, 0, 0, 0, 0}, {0, 0, 0, 1, 1, 1, 1}},
    {5, 8, {0xb8, 0, 0, 0, 0, 0x0f, 0x05, 0xc3}, {0, 1, 1, 1, 1, 0, 0, 0}},
};

static int matches(const unsigned char *p, const struct pattern *pt) {
    for (int i = 0; i < pt->length; i++) {
        if (!pt->any[i] && p[i] != pt->bytes[i]) {
            return 0;
        }
    }
    return 1;
}

static void put32(unsigned char *p, int32_t v) {
    copy(p, &v, 4);
}

static void put64(unsigned char *p, uint64_t v) {
    copy(p, &v, 8);
}

/* Writes the stub for a region at site and returns its length. */
static int write_stub(unsigned char *stub, const unsigned char *site, const struct pattern *pt) {
    unsigned char *p = stub;
    if (pt->before == 5) {
        copy(p, site, 5); /* mov $nr,%eax */
        p += 5;
    }
    static const unsigned char call[] = {
        0x48, 0x8d, 0x64, 0x24, 0x80,             /* lea -0x80(%rsp),%rsp */
        0xff, 0x15, 0, 0, 0, 0,                   /* call *hook(%rip) */
        0x48, 0x8d, 0xa4, 0x24, 0x80, 0, 0, 0,    /* lea 0x80(%rsp),%rsp */
        0x4d, 0x85, 0xdb,                         /* test %r11,%r11 */
        0x75, 0x02,                               /* jnz 1f */
        0x0f, 0x05,                               /* syscall (traced) */
    };
    copy(p, call, sizeof call);
    unsigned char *rel = p + 7;
    p += sizeof call;
    if (pt->before == 5) {
        *p++ = 0xc3; /* 1: ret */
    } else {
        int moved = pt->length - 2; /* 1: cmp $imm32,%rax (or %eax) */
        copy(p, site + 2, (size_t) moved);
        p += moved;
        *p++ = 0xe9; /* jmp back after the region */
        put32(p, (int32_t) ((long) (site + pt->length) - (long) (p + 4)));
        p += 4;
    }
    while ((p - stub) % 8) {
        *p++ = 0xcc;
    }
    put64(p, (uint64_t) (uintptr_t) jrr_syscall_hook);
    put32(rel, (int32_t) ((long) p - (long) (rel + 4)));
    p += 8;
    return (int) (p - stub);
}

/* Memory for stubs within a rel32 jump of [lo, hi). */
static unsigned char *stub_area(unsigned long lo, unsigned long hi, size_t size) {
    for (unsigned long step = 1; step < 256; step++) {
        unsigned long at = ((lo & ~(PAGE - 1)) - step * (1UL << 22));
        if (at > lo || hi - at > 0x7ff00000UL) {
            break;
        }
        long r = traced(SYS_mmap, at, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                        -1, 0);
        if (r == (long) at) {
            return (unsigned char *) r;
        }
    }
    return NULL;
}

static void patch_segment(unsigned long start, unsigned long end, int prot) {
    int count = 0;
    for (unsigned long a = start; a + 8 <= end; a++) {
        const unsigned char *p = (const unsigned char *) a;
        if (p[0] == 0x0f && p[1] == 0x05) {
            count++;
        }
    }
    if (count == 0) {
        return;
    }
    size_t size = ((size_t) count * STUB_SIZE + PAGE - 1) & ~(PAGE - 1);
    unsigned char *stubs = stub_area(start, end, size);
    if (stubs == NULL) {
        return;
    }
    unsigned long pstart = start & ~(PAGE - 1), pend = (end + PAGE - 1) & ~(PAGE - 1);
    if (traced(SYS_mprotect, pstart, pend - pstart, PROT_READ | PROT_WRITE | PROT_EXEC, 0, 0, 0) != 0) {
        traced(SYS_munmap, (long) stubs, size, 0, 0, 0, 0);
        return;
    }
    unsigned char *next = stubs;
    unsigned char *floor = (unsigned char *) start; /* past the last region patched */
    for (unsigned long a = start; a + 8 <= end; a++) {
        unsigned char *sc = (unsigned char *) a;
        if (sc[0] != 0x0f || sc[1] != 0x05) {
            continue;
        }
        for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
            const struct pattern *pt = &patterns[i];
            unsigned char *site = sc - pt->before;
            if (site < floor || site + pt->length > (unsigned char *) end || !matches(site, pt)) {
                continue;
            }
            if (next + STUB_SIZE > stubs + size) {
                break;
            }
            int n = write_stub(next, site, pt);
            site[0] = 0xe9;
            put32(site + 1, (int32_t) ((long) next - (long) (site + 5)));
            for (int k = 5; k < pt->length; k++) {
                site[k] = 0xcc; /* never reached: the stub jumps back past the region */
            }
            next += (n + 15) & ~15;
            floor = site + pt->length;
            a = (unsigned long) (floor - 1);
            break;
        }
    }
    traced(SYS_mprotect, pstart, pend - pstart, prot, 0, 0, 0);
    traced(SYS_mprotect, (long) stubs, size, PROT_READ | PROT_EXEC, 0, 0, 0);
}

static int self_marker;

static int patch_object(struct dl_phdr_info *info, size_t size, void *data) {
    (void) size;
    (void) data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) {
            continue;
        }
        unsigned long start = info->dlpi_addr + ph->p_vaddr, end = start + ph->p_memsz;
        unsigned long me = (unsigned long) &self_marker, hook = (unsigned long) jrr_syscall_hook;
        if ((hook >= start && hook < end) || (me >= start && me < end)) {
            return 0; /* this library */
        }
        int prot = PROT_READ | PROT_EXEC | ((ph->p_flags & PF_W) ? PROT_WRITE : 0);
        patch_segment(start, end, prot);
    }
    return 0;
}

static int page_present(void) {
    unsigned char v;
    if (traced(SYS_mincore, JRR_SB_PAGE, PAGE, (long) &v, 0, 0, 0) != 0) {
        return 0;
    }
    return memcmp((const void *) (JRR_SB_PAGE + JRR_SB_MAGIC_OFFSET), JRR_SB_MAGIC, 8) == 0;
}

__attribute__((constructor)) static void init(void) {
    const char *on = getenv("JRR_SYSCALLBUF");
    if (on == NULL || on[0] != '1' || !page_present()) {
        return;
    }
    pthread_atfork(NULL, NULL, forked_child);
    dl_iterate_phdr(patch_object, NULL);
    enabled = 1;
}
