/*
 * A file mapped MAP_SHARED and writable, inherited by a forked child, which writes through the mapping while the
 * parent waits; the parent then prints what its mapping shows: replay shares the mapping between the two.
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    char path[] = "/tmp/jrr-shared-fork-XXXXXX";
    int fd = mkstemp(path);
    test_assert(fd >= 0 && ftruncate(fd, 4096) == 0);
    char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    test_assert(m != MAP_FAILED);
    unlink(path);
    memcpy(m, "parent", 7);
    pid_t c = fork();
    test_assert(c >= 0);
    if (c == 0) {
        memcpy(m, "child!", 7); /* as long as "parent": only the bytes differ */
        _exit(0);
    }
    int status;
    test_assert(waitpid(c, &status, 0) == c && WIFEXITED(status));
    printf("the mapping shows: %s\n", m);
    return exit_success();
}
