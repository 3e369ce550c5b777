package org.jrr.api.syscall;

import java.util.Objects;

/**
 * A call the recorder does not let the kernel make, because replay could not reproduce what it would do: the call is
 * skipped and fails with {@code errno} (ENOSYS for a syscall, ENOTTY for an ioctl request), and jrr notes
 * {@code why} once.
 *
 * @param errno the error the program sees
 * @param what  what is refused, as the note names it ({@code ioctl 0x4b3a})
 * @param why   why, in a few words
 */
public record Refusal(int errno, String what, String why) {
    public static final int ENOSYS = 38;
    public static final int ENOTTY = 25;

    public Refusal {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(why, "why");
    }
}
