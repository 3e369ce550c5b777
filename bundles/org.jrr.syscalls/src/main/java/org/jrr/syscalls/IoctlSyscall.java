package org.jrr.syscalls;

import static org.jrr.syscalls.spec.CType.IFCONF;
import static org.jrr.syscalls.spec.CType.IFREQ;
import static org.jrr.syscalls.spec.CType.INT;
import static org.jrr.syscalls.spec.CType.LONG;
import static org.jrr.syscalls.spec.CType.TERMIOS;
import static org.jrr.syscalls.spec.CType.TERMIOS2;
import static org.jrr.syscalls.spec.CType.TIMESPEC;
import static org.jrr.syscalls.spec.CType.TIMEVAL;
import static org.jrr.syscalls.spec.CType.U64;
import static org.jrr.syscalls.spec.CType.WINSIZE;
import static org.jrr.syscalls.spec.Dsl.LOW_32_BITS;
import static org.jrr.syscalls.spec.Dsl.buffer;
import static org.jrr.syscalls.spec.Dsl.bytes;
import static org.jrr.syscalls.spec.Dsl.byArg;
import static org.jrr.syscalls.spec.Dsl.custom;
import static org.jrr.syscalls.spec.Dsl.struct;
import static org.jrr.syscalls.spec.Dsl.syscall;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.Refusal;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.syscalls.spec.CallContext;
import org.jrr.syscalls.spec.OutParam;
import org.jrr.syscalls.spec.SyscallSpec;

/**
 * ioctl(fd, request, arg). The request is an {@code unsigned int}. Requests that follow the {@code _IOC} encoding
 * with the read direction ({@code _IOR}, {@code _IOWR}) are recorded as the encoded size at arg 2, unless listed
 * with a rule of their own (FS_IOC_FIEMAP fills an array after the struct).
 *
 * <p>Older families use numbers without the encoding (terminals, sockets, block devices, disks, consoles, loop
 * devices, SCSI, wireless): their requests that write memory are listed with what they write, those that only read
 * their argument are listed as such, and any other request of those families is refused with ENOTTY at entry, the
 * error a driver gives for a request it does not know; a request jrr cannot describe never runs. A request without
 * the encoding outside those families passes no data through a pointer ({@code _IO}) and runs.
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
    /** _IOWR('f', 11, struct fiemap): a header of 32 bytes, then fm_extent_count extents of 56. */
    static final long FS_IOC_FIEMAP = 0xc020660bL;
    static final long SIOCGIFCONF = 0x8912;

    // _IOC layout on x86: nr 8 bits, type 8 bits, size 14 bits, dir 2 bits (bit 31 = read, bit 30 = write)
    static final int IOC_SIZE_SHIFT = 16;
    static final long IOC_SIZE_MASK = 0x3fff;
    static final int IOC_DIR_SHIFT = 30;
    static final long IOC_READ = 2;
    static final int IOC_TYPE_SHIFT = 8;

    /**
     * The families whose requests are numbered without the encoding, by type byte: FIBMAP and FIGETBSZ (0), disks
     * (HDIO, 3), block devices (0x12), SCSI generic (0x22), consoles (0x4b 'K', 0x56 'V'), loop devices (0x4c),
     * CD-ROMs (0x53), terminals (0x54), sockets (0x89) and wireless (0x8b).
     */
    static final Set<Long> LEGACY_TYPES = Set.of(0x00L, 0x03L, 0x12L, 0x22L, 0x4bL, 0x4cL, 0x53L, 0x54L, 0x56L,
            0x89L, 0x8bL);

    /** The legacy requests that write memory, and what they write. */
    static final Map<Long, List<OutParam>> WRITES = legacyWrites();

    /** The legacy requests that write no memory: settings, flushes, breaks, routes, loop set-up. */
    static final Set<Long> READS_ONLY = Set.of(
            // terminals: TCSETS*, TCSETA*, TCSBRK, TCXONC, TCFLSH, TIOCEXCL, TIOCNXCL, TIOCSCTTY, TIOCSPGRP, TIOCSTI,
            // TIOCSWINSZ, TIOCMBIS/BIC/SET, TIOCSSOFTCAR, TIOCCONS, TIOCSSERIAL, TIOCPKT, FIONBIO, TIOCNOTTY,
            // TIOCSETD, TCSBRKP, TIOCSBRK, TIOCCBRK, TIOCGPTPEER (a new fd), TIOCVHANGUP, FIONCLEX, FIOCLEX,
            // FIOASYNC, TIOCSERCONFIG, TIOCSLCKTRMIOS, TIOCMIWAIT
            0x5402L, 0x5403L, 0x5404L, 0x5406L, 0x5407L, 0x5408L, 0x5409L, 0x540aL, 0x540bL, 0x540cL, 0x540dL,
            0x540eL, 0x5410L, 0x5412L, 0x5414L, 0x5416L, 0x5417L, 0x5418L, 0x541aL, 0x541dL, 0x541fL, 0x5420L,
            0x5421L, 0x5422L, 0x5423L, 0x5425L, 0x5427L, 0x5428L, 0x5441L, 0x5437L, 0x5450L, 0x5451L, 0x5452L,
            0x5453L, 0x5457L, 0x545cL,
            // sockets: SIOCSPGRP, SIOCADDRT, SIOCDELRT, SIOCSIF* (flags, addr, dstaddr, brdaddr, netmask, metric,
            // mtu, name, hwaddr, txqlen, map), SIOCADDMULTI, SIOCDELMULTI, SIOCDARP, SIOCSARP, bridges
            0x8902L, 0x890bL, 0x890cL, 0x8914L, 0x8916L, 0x8918L, 0x891aL, 0x891cL, 0x891eL, 0x8922L, 0x8923L,
            0x8924L, 0x8931L, 0x8932L, 0x8943L, 0x8953L, 0x8955L, 0x8971L, 0x89a0L, 0x89a1L, 0x89a2L, 0x89a3L,
            // block devices: BLKROSET, BLKRRPART, BLKFLSBUF, BLKRASET, BLKFRASET, BLKSECTSET, BLKDISCARD,
            // BLKSECDISCARD, BLKZEROOUT
            0x125dL, 0x125fL, 0x1261L, 0x1262L, 0x1264L, 0x1266L, 0x1277L, 0x127dL, 0x127fL,
            // loop devices: LOOP_SET_FD, CLR_FD, SET_STATUS, SET_STATUS64, CHANGE_FD, SET_CAPACITY, SET_DIRECT_IO,
            // SET_BLOCK_SIZE, CONFIGURE, and the control device's ADD, REMOVE, GET_FREE (their result is a number)
            0x4c00L, 0x4c01L, 0x4c02L, 0x4c04L, 0x4c06L, 0x4c07L, 0x4c08L, 0x4c09L, 0x4c0aL, 0x4c80L, 0x4c81L,
            0x4c82L);

    private IoctlSyscall() {
    }

    static SyscallSpec spec() {
        // Terminal ioctls can wait (TCSETSW drains output; TIOCSPGRP can stop a background process group).
        Map<Long, List<OutParam>> cases = new HashMap<>(WRITES);
        cases.put(TCGETS2, List.of(struct(2, TERMIOS2)));
        cases.put(FS_IOC_FIEMAP, List.of(fiemap()));
        @SuppressWarnings("unchecked")
        Map.Entry<Long, List<OutParam>>[] entries = cases.entrySet().toArray(new Map.Entry[0]);
        return syscall("ioctl")
                .out(byArg(1, LOW_32_BITS, List.of(encodedReadSize()), entries))
                .refuse(IoctlSyscall::refusal)
                .mayBlock()
                .build();
    }

    /** An unencoded request of a legacy family that jrr does not know: it might write anything anywhere. */
    static Refusal refusal(SyscallCall entry) {
        long request = entry.arg(1) & LOW_32_BITS;
        boolean encoded = (request >>> IOC_DIR_SHIFT) != 0 || ((request >>> IOC_SIZE_SHIFT) & IOC_SIZE_MASK) != 0;
        if (encoded || WRITES.containsKey(request) || READS_ONLY.contains(request)
                || !LEGACY_TYPES.contains((request >>> IOC_TYPE_SHIFT) & 0xff)) {
            return null;
        }
        return new Refusal(Refusal.ENOTTY, "ioctl request 0x" + Long.toHexString(request),
                "what it writes is not known to jrr");
    }

    private static Map<Long, List<OutParam>> legacyWrites() {
        Map<Long, List<OutParam>> m = new HashMap<>();
        OutParam anInt = struct(2, INT);
        OutParam aLong = struct(2, LONG);
        OutParam aShort = buffer(2, bytes(2));
        OutParam ifreq = struct(2, IFREQ);
        // terminals
        m.put(TCGETS, List.of(struct(2, TERMIOS)));
        m.put(0x5405L, List.of(buffer(2, bytes(18)))); // TCGETA: struct termio
        m.put(0x5456L, List.of(struct(2, TERMIOS))); // TIOCGLCKTRMIOS
        m.put(TIOCGWINSZ, List.of(struct(2, WINSIZE)));
        for (long r : new long[] {TIOCGPGRP, TIOCOUTQ, FIONREAD, TIOCGETD, TIOCGSID,
                0x5415L /* TIOCMGET */, 0x5419L /* TIOCGSOFTCAR */, 0x5459L /* TIOCSERGETLSR */}) {
            m.put(r, List.of(anInt));
        }
        m.put(0x541eL, List.of(buffer(2, bytes(72)))); // TIOCGSERIAL: struct serial_struct
        m.put(0x542eL, List.of(buffer(2, bytes(32)))); // TIOCGRS485: struct serial_rs485
        m.put(0x542fL, List.of(buffer(2, bytes(32)))); // TIOCSRS485 writes back what the driver took
        m.put(0x545dL, List.of(buffer(2, bytes(80)))); // TIOCGICOUNT: struct serial_icounter_struct
        m.put(0x5460L, List.of(struct(2, U64))); // FIOQSIZE: loff_t
        // sockets
        m.put(0x8904L, List.of(anInt)); // SIOCGPGRP
        m.put(0x8905L, List.of(anInt)); // SIOCATMARK
        m.put(0x8906L, List.of(struct(2, TIMEVAL))); // SIOCGSTAMP
        m.put(0x8907L, List.of(struct(2, TIMESPEC))); // SIOCGSTAMPNS
        m.put(SIOCGIFCONF, List.of(ifconf()));
        // SIOCGIFNAME, FLAGS, ADDR, DSTADDR, BRDADDR, NETMASK, METRIC, MEM, MTU, HWADDR, SLAVE, INDEX, PFLAGS,
        // COUNT, TXQLEN, MAP, and the MII PHY and register reads: a struct ifreq
        for (long r : new long[] {0x8910L, 0x8913L, 0x8915L, 0x8917L, 0x8919L, 0x891bL, 0x891dL, 0x891fL, 0x8921L,
                0x8927L, 0x8929L, 0x8933L, 0x8935L, 0x8938L, 0x8942L, 0x8970L, 0x8947L, 0x8948L}) {
            m.put(r, List.of(ifreq));
        }
        m.put(0x8954L, List.of(buffer(2, bytes(68)))); // SIOCGARP: struct arpreq
        m.put(0x8961L, List.of(buffer(2, bytes(68)))); // SIOCGRARP
        // block devices and disks
        m.put(0x125eL, List.of(anInt)); // BLKROGET
        m.put(0x1260L, List.of(aLong)); // BLKGETSIZE
        m.put(0x1263L, List.of(aLong)); // BLKRAGET
        m.put(0x1265L, List.of(aLong)); // BLKFRAGET
        m.put(0x1267L, List.of(aShort)); // BLKSECTGET
        m.put(0x1268L, List.of(anInt)); // BLKSSZGET
        for (long r : new long[] {0x1278L, 0x1279L, 0x127aL, 0x127bL, 0x127cL}) { // IOMIN, IOOPT, ALIGNOFF,
            m.put(r, List.of(anInt)); // PBSZGET, DISCARDZEROES
        }
        m.put(0x127eL, List.of(aShort)); // BLKROTATIONAL
        m.put(0x0301L, List.of(buffer(2, bytes(16)))); // HDIO_GETGEO: struct hd_geometry
        m.put(0x1L, List.of(anInt)); // FIBMAP: the block number, in and out
        m.put(0x2L, List.of(anInt)); // FIGETBSZ
        // loop devices: LOOP_GET_STATUS64 fills a struct loop_info64
        m.put(0x4c05L, List.of(buffer(2, bytes(232))));
        // consoles: KDGKBTYPE (a char), KDGETMODE, KDGKBMODE, VT_OPENQRY, VT_GETMODE, VT_GETSTATE
        m.put(0x4b33L, List.of(buffer(2, bytes(1))));
        m.put(0x4b3bL, List.of(anInt));
        m.put(0x4b44L, List.of(anInt));
        m.put(0x5600L, List.of(anInt));
        m.put(0x5601L, List.of(buffer(2, bytes(8))));
        m.put(0x5603L, List.of(buffer(2, bytes(6))));
        return Map.copyOf(m);
    }

    /** The size encoded in an {@code _IOR}/{@code _IOWR} request, at arg 2. */
    private static OutParam encodedReadSize() {
        return custom("_IOC_READ request: its encoded size at arg 2", (ctx, out) -> {
            long request = ctx.call().arg(1) & LOW_32_BITS;
            long dir = request >>> IOC_DIR_SHIFT;
            long size = (request >>> IOC_SIZE_SHIFT) & IOC_SIZE_MASK;
            long pointer = ctx.call().arg(2);
            if ((dir & IOC_READ) != 0 && size > 0 && pointer != 0) {
                out.add(new MemRange(pointer, size));
            }
        });
    }

    /** FS_IOC_FIEMAP: the header, then as many extents as it says were mapped (at most fm_extent_count). */
    private static OutParam fiemap() {
        return custom("struct fiemap and its extents", (ctx, out) -> {
            long p = ctx.call().arg(2);
            if (p == 0) {
                return;
            }
            long mapped = Integer.toUnsignedLong(ctx.memory().readInt(p + 20));
            long room = Integer.toUnsignedLong(ctx.memory().readInt(p + 24));
            CallContext.add(out, p, 32 + Math.min(mapped, room) * 56);
        });
    }

    /** SIOCGIFCONF: the struct ifconf, whose length the kernel sets, and that much of its buffer (none if null). */
    private static OutParam ifconf() {
        return custom("struct ifconf and its buffer", (ctx, out) -> {
            long p = ctx.call().arg(2);
            if (p == 0) {
                return;
            }
            CallContext.add(out, p, ctx.abi().sizeOf(IFCONF));
            long length = Integer.toUnsignedLong(ctx.memory().readInt(p));
            long buffer = ctx.abi().readWord(ctx.memory(), p + 8);
            if (buffer != 0) {
                CallContext.add(out, buffer, length);
            }
        });
    }
}
