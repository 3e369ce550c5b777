package org.jrr.syscalls;

import static org.jrr.syscalls.spec.CType.INT;
import static org.jrr.syscalls.spec.CType.TERMIOS;
import static org.jrr.syscalls.spec.CType.TERMIOS2;
import static org.jrr.syscalls.spec.CType.WINSIZE;
import static org.jrr.syscalls.spec.Dsl.LOW_32_BITS;
import static org.jrr.syscalls.spec.Dsl.byArg;
import static org.jrr.syscalls.spec.Dsl.custom;
import static org.jrr.syscalls.spec.Dsl.struct;
import static org.jrr.syscalls.spec.Dsl.syscall;
import static org.jrr.syscalls.spec.Dsl.when;

import java.util.List;

import org.jrr.syscalls.spec.OutParam;
import org.jrr.syscalls.spec.SyscallSpec;

/**
 * ioctl(fd, request, arg). The request is an {@code unsigned int}. Known requests are listed; any other request
 * whose number follows the {@code _IOC} encoding with the read direction ({@code _IOR}, {@code _IOWR}) is recorded
 * as the encoded size at arg 2.
 *
 * <p>Known gap: an unknown request with a legacy number (no {@code _IOC} encoding, like the tty ones) records
 * nothing, so if it writes memory that memory is wrong in replay. Add such requests here, or override this handler
 * from another bundle with a higher service ranking.
 */
final class IoctlSyscall {
    // tty requests (x86 values; legacy numbers without _IOC encoding)
    static final long TCGETS = 0x5401;
    static final long TIOCGPGRP = 0x540f;
    static final long TIOCOUTQ = 0x5411;
    static final long TIOCGWINSZ = 0x5413;
    static final long FIONREAD = 0x541b;
    static final long TIOCGETD = 0x5424;
    static final long TIOCGSID = 0x5429;
    /** _IOR('T', 0x2A, struct termios2): newer glibc's tcgetattr. */
    static final long TCGETS2 = 0x802c542aL;

    // _IOC layout on x86: nr 8 bits, type 8 bits, size 14 bits, dir 2 bits (bit 31 = read, bit 30 = write)
    static final int IOC_SIZE_SHIFT = 16;
    static final long IOC_SIZE_MASK = 0x3fff;
    static final int IOC_DIR_SHIFT = 30;
    static final long IOC_READ = 2;

    private IoctlSyscall() {
    }

    static SyscallSpec spec() {
        // Terminal ioctls can wait (TCSETSW drains output; TIOCSPGRP can stop a background process group).
        return syscall("ioctl")
                .out(byArg(1, LOW_32_BITS, List.of(encodedReadSize()),
                        when(TCGETS, struct(2, TERMIOS)),
                        when(TCGETS2, struct(2, TERMIOS2)),
                        when(TIOCGWINSZ, struct(2, WINSIZE)),
                        when(FIONREAD, struct(2, INT)),
                        when(TIOCGPGRP, struct(2, INT)),
                        when(TIOCOUTQ, struct(2, INT)),
                        when(TIOCGETD, struct(2, INT)),
                        when(TIOCGSID, struct(2, INT))))
                .mayBlock()
                .build();
    }

    /** The size encoded in an {@code _IOR}/{@code _IOWR} request, at arg 2. */
    private static OutParam encodedReadSize() {
        return custom("_IOC_READ request: its encoded size at arg 2", (ctx, out) -> {
            long request = ctx.call().arg(1) & LOW_32_BITS;
            long dir = request >>> IOC_DIR_SHIFT;
            long size = (request >>> IOC_SIZE_SHIFT) & IOC_SIZE_MASK;
            long pointer = ctx.call().arg(2);
            if ((dir & IOC_READ) != 0 && size > 0 && pointer != 0) {
                out.add(new org.jrr.api.syscall.MemRange(pointer, size));
            }
        });
    }
}
