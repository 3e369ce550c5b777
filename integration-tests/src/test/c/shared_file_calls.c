/*
 * A file mapped shared and read-only (jrr gives the program its copy), changed by the less common calls that write
 * files: copy_file_range, sendfile, splice, fallocate (punching a hole), an open with O_TRUNC, truncate(path); then
 * mapped writable too, where a store through the writable view shows at once in the read-only one. Prints what the
 * read-only view shows after each.
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <unistd.h>

static void show(const char *what, const char *m) {
    printf("%s: %.8s|%.8s\n", what, m, m + 4096);
}

int main(void) {
    char path[] = "/tmp/jrr-shared-calls-XXXXXX", src[] = "/tmp/jrr-shared-src-XXXXXX";
    int fd = mkstemp(path), s = mkstemp(src);
    test_assert(fd >= 0 && s >= 0 && ftruncate(fd, 8192) == 0);
    test_assert(pwrite(s, "copied!!sentfile", 16, 0) == 16);
    const char *m = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
    test_assert(m != MAP_FAILED);
    loff_t in = 0, out = 0;
    test_assert(copy_file_range(s, &in, fd, &out, 8, 0) == 8);
    show("copy_file_range", m);
    test_assert(lseek(fd, 4096, SEEK_SET) == 4096);
    off_t from = 8;
    test_assert(sendfile(fd, s, &from, 8) == 8);
    show("sendfile", m);
    int p[2];
    test_assert(pipe(p) == 0 && write(p[1], "spliced!", 8) == 8);
    loff_t at = 4100;
    test_assert(splice(p[0], NULL, fd, &at, 8, 0) == 8);
    show("splice", m);
    test_assert(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096) == 0);
    show("fallocate", m);
    int t = open(path, O_RDWR | O_TRUNC);
    test_assert(t >= 0 && pwrite(t, "truncate", 8, 0) == 8 && pwrite(t, "end", 3, 8189) == 3);
    show("O_TRUNC then pwrite", m);
    test_assert(truncate(path, 4096 + 4) == 0); /* the second page is still there in part: zeros past the end */
    show("truncate", m);
    test_assert(ftruncate(fd, 8192) == 0);
    char *w = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    test_assert(w != MAP_FAILED);
    memcpy(w + 4096, "stored!!", 8);
    show("a store through the writable view", m);
    unlink(path);
    unlink(src);
    return exit_success();
}
