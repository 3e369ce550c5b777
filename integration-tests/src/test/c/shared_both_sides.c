/*
 * A file written both by the recorded program and by a process outside the recording (the test), which jrr cannot
 * replay and names at record time. "map": the program maps the file writable and stores its own counter at offset 0
 * through the mapping; "write": it maps the file read-only and writes its counter with pwrite. Either way it waits,
 * a millisecond at a time, until the outside counter at offset 8 reaches 3, printing what it sees.
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    test_assert(argc == 3);
    int through_map = strcmp(argv[2], "map") == 0;
    int fd = open(argv[1], O_RDWR);
    test_assert(fd >= 0);
    volatile int *m = mmap(NULL, 4096, through_map ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0);
    test_assert(m != MAP_FAILED);
    printf("ready\n");
    fflush(stdout);
    int last = 0;
    for (int mine = 1; last < 3; mine++) {
        if (through_map) {
            m[0] = mine;
        } else {
            test_assert(pwrite(fd, &mine, sizeof mine, 0) == sizeof mine);
        }
        int v = m[2];
        if (v != last) {
            printf("saw %d, mine %d\n", v, m[0] > 0);
            fflush(stdout);
            last = v;
        }
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    return exit_success();
}
