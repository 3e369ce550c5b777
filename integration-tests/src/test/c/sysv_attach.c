/*
 * A SysV segment attached on its own by two processes (the child attaches it after the fork, not inherited) and
 * twice in one process: every attachment shows one memory.
 */
#include "jrr_test.h"
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int id = shmget(IPC_PRIVATE, 2 * 4096, IPC_CREAT | 0600);
    test_assert(id >= 0);
    int go[2];
    test_assert(pipe(go) == 0);
    pid_t c = fork();
    test_assert(c >= 0);
    if (c == 0) {
        char b;
        test_assert(read(go[0], &b, 1) == 1);
        char *cm = shmat(id, NULL, 0);
        test_assert(cm != (void *) -1);
        strcpy(cm + 4096, "child!");
        _exit(shmdt(cm) == 0 ? 0 : 1);
    }
    char *a = shmat(id, NULL, 0), *b = shmat(id, NULL, SHM_RDONLY);
    test_assert(a != (void *) -1 && b != (void *) -1 && a != b);
    strcpy(a, "parent");
    test_assert(write(go[1], "g", 1) == 1);
    int status;
    test_assert(waitpid(c, &status, 0) == c && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    printf("the second attachment shows: %s, %s\n", b, b + 4096);
    test_assert(shmctl(id, IPC_RMID, NULL) == 0);
    return exit_success();
}
