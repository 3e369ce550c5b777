/*
 * A memfd mapped MAP_SHARED and inherited by a forked child, which writes through the mapping and through the
 * descriptor; the parent prints what its mapping shows.
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int fd = memfd_create("jrr-test", 0);
    test_assert(fd >= 0 && ftruncate(fd, 4096) == 0);
    char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    test_assert(m != MAP_FAILED);
    memcpy(m, "parent", 7);
    pid_t c = fork();
    test_assert(c >= 0);
    if (c == 0) {
        memcpy(m, "child!", 7);
        test_assert(pwrite(fd, "write!", 7, 100) == 7);
        _exit(0);
    }
    int status;
    test_assert(waitpid(c, &status, 0) == c && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    printf("the memfd shows: %s, %s\n", m, m + 100);
    return exit_success();
}
