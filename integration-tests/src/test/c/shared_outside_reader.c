/*
 * The dconf pattern: the program maps a file shared and read-only, and a process outside the recording writes a
 * counter into it (the test does, through the file). The program waits until the counter reaches 5, printing each
 * value it sees. "sleep": it looks every millisecond, sleeping between looks; "spin": it busy-waits without a
 * syscall, so only jrr's timer can forward the changes into the copy it maps.
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    test_assert(argc == 3);
    int spin = strcmp(argv[2], "spin") == 0;
    int fd = open(argv[1], O_RDONLY);
    test_assert(fd >= 0);
    volatile const int *counter = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    test_assert(counter != MAP_FAILED);
    printf("ready\n");
    fflush(stdout);
    int last = 0;
    while (last < 5) {
        int v = *counter; /* the spinning loop counts nothing: replay finds where it was by its state */
        if (v != last) {
            printf("saw %d\n", v);
            fflush(stdout);
            last = v;
        } else if (!spin) {
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, NULL);
        }
    }
    printf("done\n");
    return exit_success();
}
