/*
 * SysV shared memory between a process and its forked child: a private segment attached once, written by the
 * parent, then by the child, read back by the parent; shmctl's IPC_STAT; shmdt.
 */
#include "jrr_test.h"
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int id = shmget(IPC_PRIVATE, 3 * 4096, IPC_CREAT | 0600);
    test_assert(id >= 0);
    char *m = shmat(id, NULL, 0);
    test_assert(m != (void *) -1);
    struct shmid_ds ds;
    test_assert(shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_segsz == 3 * 4096 && ds.shm_nattch == 1);
    test_assert(shmctl(id, IPC_RMID, NULL) == 0);
    strcpy(m, "parent");
    strcpy(m + 2 * 4096, "last page");
    pid_t c = fork();
    test_assert(c >= 0);
    if (c == 0) {
        strcpy(m, "child!");
        _exit(0);
    }
    int status;
    test_assert(waitpid(c, &status, 0) == c && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    printf("the segment shows: %s, %s\n", m, m + 2 * 4096);
    test_assert(shmdt(m) == 0);
    return exit_success();
}
