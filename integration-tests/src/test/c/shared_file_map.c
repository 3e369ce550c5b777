/*
 * The LMDB pattern, in one process: a file mapped MAP_SHARED sees writes made through file descriptors at once
 * (Linux guarantees it), whichever came first, the open of the writing descriptor or the mmap; and a read through
 * another descriptor sees what was written through the mapping. Prints what the mapping shows after each write.
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void) {
    char dir[] = "/tmp/jrr-shared-map-XXXXXX";
    test_assert(mkdtemp(dir) != NULL);
    char path[64];
    snprintf(path, sizeof path, "%s/data", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    test_assert(fd >= 0 && ftruncate(fd, 8192) == 0);
    /* map first, then open again and write (pwrite, write, writev) */
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    test_assert(m != MAP_FAILED);
    int w = open(path, O_RDWR);
    test_assert(w >= 0);
    test_assert(pwrite(w, "pwrite", 6, 100) == 6);
    printf("after pwrite: %.6s\n", m + 100);
    test_assert(lseek(w, 4096, SEEK_SET) == 4096 && write(w, "write", 5) == 5);
    printf("after write: %.5s\n", m + 4096);
    struct iovec iov[2] = {{"wri", 3}, {"tev", 3}};
    test_assert(writev(w, iov, 2) == 6);
    printf("after writev: %.6s\n", m + 4101);
    /* writes through the mapping, read through a descriptor */
    memcpy(m + 200, "mapped", 6);
    char buf[8] = {0};
    test_assert(pread(w, buf, 6, 200) == 6);
    printf("read back: %s\n", buf);
    /* open and write first, then map, then write again */
    char path2[64];
    snprintf(path2, sizeof path2, "%s/second", dir);
    int fd2 = open(path2, O_RDWR | O_CREAT | O_TRUNC, 0600);
    test_assert(fd2 >= 0);
    char page[4096];
    memset(page, 'a', sizeof page);
    test_assert(write(fd2, page, sizeof page) == (ssize_t) sizeof page);
    char *m2 = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd2, 0);
    test_assert(m2 != MAP_FAILED);
    printf("mapped: %.3s\n", m2 + 10);
    test_assert(pwrite(fd2, "bbb", 3, 10) == 3);
    printf("after pwrite: %.3s\n", m2 + 10);
    uint64_t h = fnv1a(FNV_INIT, m, 8192);
    h = fnv1a(h, m2, 4096);
    printf("digest %016llx\n", (unsigned long long) h);
    test_assert(munmap(m, 8192) == 0 && munmap(m2, 4096) == 0);
    unlink(path);
    unlink(path2);
    rmdir(dir);
    return exit_success();
}
