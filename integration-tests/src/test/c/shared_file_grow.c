/*
 * A file mapped MAP_SHARED beyond its end, grown by ftruncate and then written there through its descriptor:
 * the mapping shows the new bytes (and zeros before them).
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
    char path[] = "/tmp/jrr-shared-grow-XXXXXX";
    int fd = mkstemp(path);
    test_assert(fd >= 0 && pwrite(fd, "first", 5, 0) == 5 && ftruncate(fd, 4096) == 0);
    char *m = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
    test_assert(m != MAP_FAILED);
    unlink(path);
    test_assert(ftruncate(fd, 8192) == 0);
    test_assert(pwrite(fd, "grown", 5, 5000) == 5);
    printf("the mapping shows: %.5s, %d, %.5s\n", m, m[4999], m + 5000);
    return exit_success();
}
