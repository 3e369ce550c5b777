package org.jrr.linux;

/** A failed system call: which, on what, and errno. */
public class LinuxException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public LinuxException(String what, int errno, String description) {
        super(what + ": " + description + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** ESRCH: the task is gone (killed, or exited between two calls). */
    public boolean noSuchProcess() {
        return errno == 3;
    }
}
