/*
 * Which descriptors the program starts with (0 to 199), and the number its first open gets: exactly what it was
 * given, whoever records it.
 */
#include "jrr_test.h"
#include <fcntl.h>
#include <unistd.h>

int main(void) {
    printf("open at start:");
    for (int fd = 0; fd < 200; fd++) {
        if (fcntl(fd, F_GETFD) >= 0) {
            printf(" %d", fd);
        }
    }
    int fd = open("/dev/null", O_RDONLY);
    printf("\nthe first open gets %d\n", fd);
    fflush(stdout);
    fprintf(stderr, "EXIT-SUCCESS\n");
    return 0;
}
