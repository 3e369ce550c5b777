/*
 * For gdb's call in a replay: poke() writes a file mapping that is shared (with replay's emulated copy of the file,
 * and so with the diversion gdb's call runs in). The replay must go on as recorded: "value 1".
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile int *shared;

int poke(int v) {
    shared[0] = v;
    return v;
}

int shared_value(void) {
    return shared[0];
}

void stop_here(void) {
}

int main(void) {
    char path[] = "/tmp/jrr-shared-divert-XXXXXX";
    int fd = mkstemp(path);
    test_assert(fd >= 0 && ftruncate(fd, 4096) == 0);
    shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    test_assert(shared != MAP_FAILED);
    shared[0] = 1;
    stop_here();
    printf("value %d\n", shared[0]);
    unlink(path);
    return exit_success();
}
