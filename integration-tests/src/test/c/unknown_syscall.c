/* A syscall jrr has no handler for (name_to_handle_at writes a file handle and a mount id): it must be
 * recorded conservatively, so replay prints the same handle. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "jrr_test.h"

int main(void) {
    struct {
        unsigned int handle_bytes;
        int handle_type;
        unsigned char f_handle[128];
    } fh = {.handle_bytes = 128};
    int mount_id = -1;
    long r = syscall(SYS_name_to_handle_at, AT_FDCWD, "/etc/passwd", &fh, &mount_id, 0);
    printf("name_to_handle_at = %ld, type %d, bytes %u, mount %d, handle", r, fh.handle_type, fh.handle_bytes,
           mount_id);
    for (unsigned i = 0; r == 0 && i < fh.handle_bytes && i < 128; i++) {
        printf(" %02x", fh.f_handle[i]);
    }
    printf("\n");
    exit_success();
}
