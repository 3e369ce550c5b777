/*
 * A shared file mapping moved and grown with mremap, synced with msync and dropped with madvise(MADV_DONTNEED):
 * whatever the mapping shows afterwards comes from the file, which writes through a descriptor and through the
 * mapping keep coherent. Prints what the mapping and the descriptor show at each step.
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
    char path[] = "/tmp/jrr-shared-remap-XXXXXX";
    int fd = mkstemp(path);
    test_assert(fd >= 0 && ftruncate(fd, 8192) == 0);
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    test_assert(m != MAP_FAILED);
    memcpy(m, "mapped", 6);
    test_assert(msync(m, 8192, MS_SYNC) == 0);
    int w = open(path, O_RDWR);
    test_assert(w >= 0 && pwrite(w, "fd-write", 8, 4096) == 8);
    test_assert(madvise(m, 8192, MADV_DONTNEED) == 0);
    printf("after madvise: %.6s %.8s\n", m, m + 4096);
    test_assert(ftruncate(fd, 16384) == 0);
    char *g = mremap(m, 8192, 16384, MREMAP_MAYMOVE);
    test_assert(g != MAP_FAILED);
    memcpy(g + 12288, "grown", 5);
    char b[8] = {0};
    test_assert(pread(w, b, 5, 12288) == 5);
    printf("after mremap: %.6s %.8s %s\n", g, g + 4096, b);
    test_assert(pwrite(w, "again", 5, 12288) == 5);
    printf("after pwrite: %.5s\n", g + 12288);
    /* move it elsewhere: the moved mapping still shows the file */
    char *away = mmap(NULL, 32768, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    test_assert(away != MAP_FAILED);
    char *moved = mremap(g, 16384, 16384, MREMAP_MAYMOVE | MREMAP_FIXED, away + 8192);
    test_assert(moved == away + 8192);
    test_assert(pwrite(w, "moved", 5, 0) == 5);
    printf("after a move: %.5s %.5s\n", moved, moved + 12288);
    unlink(path);
    return exit_success();
}
