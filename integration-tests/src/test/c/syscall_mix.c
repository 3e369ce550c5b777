/*
 * The syscall buffer's benchmark loop and test: N rounds (default 1000) of cheap syscalls, as a program that
 * reads a small file over and over makes them: pread of a small file, write to /dev/null, now and then fstat
 * and clock_gettime. Prints a digest of everything read, so a replay that got any result wrong prints another.
 */
#include "jrr_test.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000;
    int fd = open("/proc/self/exe", O_RDONLY);
    int null = open("/dev/null", O_WRONLY);
    test_assert(fd >= 0 && null >= 0);
    char buf[64];
    uint64_t h = FNV_INIT;
    long calls = 0;
    for (long i = 0; i < n; i++) {
        ssize_t r = pread(fd, buf, sizeof buf, (i * 64) % 4096);
        test_assert(r == (ssize_t) sizeof buf);
        h = fnv1a(h, buf, sizeof buf);
        test_assert(write(null, buf, 16) == 16);
        calls += 2;
        if (i % 16 == 0) {
            struct stat st;
            test_assert(fstat(fd, &st) == 0);
            h = fnv1a(h, &st.st_size, sizeof st.st_size);
            struct timespec ts;
            test_assert(clock_gettime(CLOCK_MONOTONIC, &ts) == 0);
            h = fnv1a(h, &ts, sizeof ts);
            calls += 2;
        }
    }
    printf("calls %ld digest %016llx\n", calls, (unsigned long long) h);
    return exit_success();
}
