/*
 * Shared anonymous memory that changes between syscalls, for going backward under gdb: replay's snapshots share it
 * with the replay, so going back must put back what it held then. mark(i) is called with the value i * 10 in it.
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <sys/mman.h>
#include <sys/utsname.h>

static volatile int *shared;

void mark(int i) {
    (void) i;
}

int main(void) {
    shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    test_assert(shared != MAP_FAILED);
    struct utsname u;
    for (int i = 1; i <= 5; i++) {
        shared[0] = i * 10;
        for (int j = 0; j < 200; j++) { /* traced syscalls between the store and mark: places for snapshots */
            test_assert(uname(&u) == 0);
        }
        mark(i);
    }
    printf("final %d\n", shared[0]);
    return exit_success();
}
