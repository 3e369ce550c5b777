/*
 * Output the kernel moves to stdout without it passing through the program's memory: sendfile from a file,
 * copy_file_range from a file (when stdout is a file), splice from a file (when stdout is a pipe).
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>

int main(void) {
    char path[] = "/tmp/jrr-moved-XXXXXX";
    int fd = mkstemp(path);
    test_assert(fd >= 0);
    const char *text = "sendfile line\ncopy_file_range line\nsplice line\n";
    test_assert(write(fd, text, strlen(text)) == (ssize_t) strlen(text));
    unlink(path);
    printf("moved:\n");
    fflush(stdout);
    off_t off = 0;
    test_assert(sendfile(1, fd, &off, 14) == 14);
    loff_t in = 14;
    ssize_t n = copy_file_range(fd, &in, 1, NULL, 21, 0);
    test_assert(n == 21 || (n < 0 && (errno == EXDEV || errno == EINVAL || errno == EBADF)));
    if (n < 0) { /* stdout is not a file here: the same line another way */
        test_assert(sendfile(1, fd, &in, 21) == 21);
    }
    loff_t at = 35;
    n = splice(fd, &at, 1, NULL, 12, 0);
    test_assert(n == 12 || (n < 0 && errno == EINVAL));
    if (n < 0) { /* splice needs a pipe at one end: stdout is a file here */
        off_t from = 35;
        test_assert(sendfile(1, fd, &from, 12) == 12);
    }
    printf("EXIT-SUCCESS\n");
    return 0;
}
