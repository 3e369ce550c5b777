/* For the reverse-execution benchmark: first(), N getppid syscalls (default 100000), then last(). */
#include "jrr_test.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

volatile long sink;

void first(void) {
    sink = 1;
}

void last(void) {
    sink = 2;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    first();
    for (long i = 0; i < n; i++) {
        sink += getppid();
    }
    last();
    printf("EXIT-SUCCESS\n");
    return 0;
}
