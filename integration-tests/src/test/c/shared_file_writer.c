/*
 * A process writes a file (pwrite) that another process of the recording maps shared without writing it: the
 * mapping shows the write, in replay too.
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    char path[] = "/tmp/jrr-shared-writer-XXXXXX";
    int fd = mkstemp(path);
    test_assert(fd >= 0 && pwrite(fd, "before", 6, 0) == 6 && ftruncate(fd, 4096) == 0);
    int go[2];
    test_assert(pipe(go) == 0);
    pid_t c = fork();
    test_assert(c >= 0);
    if (c == 0) { /* forked before the mmap: it does not map the file */
        char b;
        test_assert(read(go[0], &b, 1) == 1);
        test_assert(pwrite(fd, "after!", 6, 0) == 6);
        _exit(0);
    }
    char *m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
    test_assert(m != MAP_FAILED);
    test_assert(write(go[1], "g", 1) == 1);
    int status;
    test_assert(waitpid(c, &status, 0) == c && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    printf("the mapping shows: %.6s\n", m);
    unlink(path);
    return exit_success();
}
