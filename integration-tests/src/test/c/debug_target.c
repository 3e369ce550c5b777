/*
 * For the gdb tests: a function called in a loop that changes a global, a second thread, a global written by a
 * syscall (read from a pipe), and output.
 */
#include "jrr_test.h"
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

long counter;
char message[8];

int add(int a, int b) {
    int sum = a + b;
    counter += sum;
    return sum;
}

static void *worker(void *arg) {
    (void) arg;
    for (int i = 0; i < 3; i++) {
        add(100, i);
        usleep(1000);
    }
    return NULL;
}

int main(void) {
    pthread_t t;
    test_assert(pthread_create(&t, NULL, worker, NULL) == 0);
    int total = 0;
    for (int i = 0; i < 5; i++) {
        total += add(i, 1);
    }
    test_assert(pthread_join(t, NULL) == 0);
    int fds[2];
    test_assert(pipe(fds) == 0);
    test_assert(write(fds[1], "hello", 6) == 6);
    test_assert(read(fds[0], message, sizeof message) == 6);
    printf("total %d counter %ld %s\n", total, counter, message);
    printf("EXIT-SUCCESS\n");
    return 0;
}
