/*
 * What a shared file mapping costs writes to files (tools/bench-shared.sh). Writes 64 bytes N times with pwrite, at
 * rotating offsets of a 1 MiB file; "none": no file is mapped shared; "other": another file is mapped shared (the
 * written one is not); "mapped": the written file is mapped shared, and each write is read back through the mapping.
 * Prints a digest of what it read.
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv) {
    test_assert(argc == 3);
    long n = atol(argv[1]);
    const char *mode = argv[2];
    char path[] = "/tmp/jrr-write-loop-XXXXXX", other[] = "/tmp/jrr-write-other-XXXXXX";
    int fd = mkstemp(path), ofd = mkstemp(other);
    test_assert(fd >= 0 && ofd >= 0 && ftruncate(fd, 1 << 20) == 0 && ftruncate(ofd, 4096) == 0);
    unlink(path);
    unlink(other);
    const char *m = NULL;
    if (strcmp(mode, "other") == 0) {
        test_assert(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ofd, 0) != MAP_FAILED);
    } else if (strcmp(mode, "mapped") == 0) {
        m = mmap(NULL, 1 << 20, PROT_READ, MAP_SHARED, fd, 0);
        test_assert(m != MAP_FAILED);
    }
    char buf[64];
    uint64_t h = FNV_INIT;
    for (long i = 0; i < n; i++) {
        memset(buf, (int) i, sizeof buf);
        long at = (i * 64) % (1 << 20);
        test_assert(pwrite(fd, buf, sizeof buf, at) == sizeof buf);
        if (m != NULL) {
            h = fnv1a(h, m + at, 8);
        }
    }
    printf("digest %016llx\n", (unsigned long long) h);
    return exit_success();
}
