/*
 * POSIX shared memory (shm_open: a file on /dev/shm) opened by name in two processes, each mapping it on its own
 * after the fork (not inherited): the child writes through its mapping and through its descriptor, the parent's
 * mapping shows both.
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    char name[64];
    snprintf(name, sizeof name, "/jrr-test-shm-%d", (int) getpid());
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    test_assert(fd >= 0 && ftruncate(fd, 4096) == 0);
    int go[2];
    test_assert(pipe(go) == 0);
    pid_t c = fork();
    test_assert(c >= 0);
    if (c == 0) {
        char b;
        test_assert(read(go[0], &b, 1) == 1);
        int cfd = shm_open(name, O_RDWR, 0);
        test_assert(cfd >= 0);
        char *cm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
        test_assert(cm != MAP_FAILED);
        memcpy(cm, "child!", 6);
        test_assert(pwrite(cfd, "write!", 6, 100) == 6);
        _exit(0);
    }
    char *m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    test_assert(m != MAP_FAILED);
    test_assert(write(go[1], "g", 1) == 1);
    int status;
    test_assert(waitpid(c, &status, 0) == c && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    printf("the shm object shows: %.6s, %.6s\n", m, m + 100);
    shm_unlink(name);
    return exit_success();
}
