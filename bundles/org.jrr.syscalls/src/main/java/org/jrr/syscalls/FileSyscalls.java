package org.jrr.syscalls;

import static org.jrr.syscalls.spec.CType.CACHESTAT;
import static org.jrr.syscalls.spec.CType.FLOCK;
import static org.jrr.syscalls.spec.CType.F_OWNER_EX;
import static org.jrr.syscalls.spec.CType.INT;
import static org.jrr.syscalls.spec.CType.STAT;
import static org.jrr.syscalls.spec.CType.STATFS;
import static org.jrr.syscalls.spec.CType.STATX;
import static org.jrr.syscalls.spec.CType.U64;
import static org.jrr.syscalls.spec.Dsl.arg;
import static org.jrr.syscalls.spec.Dsl.array;
import static org.jrr.syscalls.spec.Dsl.buffer;
import static org.jrr.syscalls.spec.Dsl.bytes;
import static org.jrr.syscalls.spec.Dsl.closes;
import static org.jrr.syscalls.spec.Dsl.custom;
import static org.jrr.syscalls.spec.Dsl.dupOf;
import static org.jrr.syscalls.spec.Dsl.fdByArg;
import static org.jrr.syscalls.spec.Dsl.fdCustom;
import static org.jrr.syscalls.spec.Dsl.byArg;
import static org.jrr.syscalls.spec.Dsl.iovecs;
import static org.jrr.syscalls.spec.Dsl.opened;
import static org.jrr.syscalls.spec.Dsl.result;
import static org.jrr.syscalls.spec.Dsl.struct;
import static org.jrr.syscalls.spec.Dsl.syscall;
import static org.jrr.syscalls.spec.Dsl.upTo;
import static org.jrr.syscalls.spec.Dsl.when;
import static org.jrr.syscalls.spec.Dsl.writesBuffer;
import static org.jrr.syscalls.spec.Dsl.writesIovecs;

import java.util.ArrayList;
import java.util.List;

import org.jrr.api.syscall.FdEffect;
import org.jrr.syscalls.spec.CallContext;
import org.jrr.syscalls.spec.OutParam;
import org.jrr.syscalls.spec.SyscallSpec;

/** Files and file descriptors: I/O, opening and closing, metadata, directories, extended attributes. */
final class FileSyscalls {
    // fcntl commands (the same on every Linux ABI)
    static final long F_DUPFD = 0;
    static final long F_GETLK = 5;
    static final long F_GETOWN_EX = 16;
    static final long F_OFD_GETLK = 36;
    static final long F_DUPFD_CLOEXEC = 1030;
    static final long F_GET_RW_HINT = 1035;
    static final long F_GET_FILE_RW_HINT = 1037;
    static final long CLOSE_RANGE_CLOEXEC = 4;
    static final long MAX_HANDLE_SZ = 128;
    static final long AT_HANDLE_MNT_ID_UNIQUE = 1;

    private FileSyscalls() {
    }

    static List<SyscallSpec> specs() {
        List<SyscallSpec> s = new ArrayList<>();

        // ---- reading and writing. read and write may block on pipes, ttys and sockets; files never do.
        s.add(syscall("read").out(buffer(1, upTo(2))).mayBlock().build());
        s.add(syscall("pread64").out(buffer(1, upTo(2))).build());
        s.add(syscall("readv").out(iovecs(1, arg(2), result())).mayBlock().build());
        s.add(syscall("preadv").out(iovecs(1, arg(2), result())).build());
        s.add(syscall("preadv2").out(iovecs(1, arg(2), result())).mayBlock().build()); // RWF_NOWAIT aside, like readv
        s.add(syscall("write").output(writesBuffer(0, 1)).mayBlock().build());
        s.add(syscall("pwrite64").output(writesBuffer(0, 1)).build());
        s.add(syscall("writev").output(writesIovecs(0, 1, 2)).mayBlock().build());
        s.add(syscall("pwritev").output(writesIovecs(0, 1, 2)).build());
        s.add(syscall("pwritev2").output(writesIovecs(0, 1, 2)).mayBlock().build());
        s.add(syscall("lseek").build());
        // sendfile(out, in, loff_t *offset, count); splice/copy_file_range(in, loff_t *off_in, out, loff_t *off_out...)
        s.add(syscall("sendfile").out(struct(2, U64)).mayBlock().build());
        s.add(syscall("copy_file_range").out(struct(1, U64), struct(3, U64)).build());
        s.add(syscall("splice").out(struct(1, U64), struct(3, U64)).mayBlock().build());
        s.add(syscall("tee").mayBlock().build());
        s.add(syscall("vmsplice").mayBlock().build());
        s.add(syscall("readahead").build());
        // cachestat(fd, struct cachestat_range *, struct cachestat *, flags)
        s.add(syscall("cachestat").out(struct(2, CACHESTAT)).build());
        s.add(syscall("fadvise64").build());
        s.add(syscall("fallocate").build());
        s.add(syscall("fsync").build());
        s.add(syscall("fdatasync").build());
        s.add(syscall("sync").build());
        s.add(syscall("syncfs").build());
        s.add(syscall("sync_file_range").build());
        s.add(syscall("flock").mayBlock().build());
        s.add(syscall("truncate").build());
        s.add(syscall("ftruncate").build());

        // ---- opening, duplicating and closing. Opening a FIFO blocks until the other end is opened.
        s.add(syscall("open").fd(opened()).mayBlock().build());
        s.add(syscall("openat").fd(opened()).mayBlock().build());
        s.add(syscall("openat2").fd(opened()).mayBlock().build());
        s.add(syscall("creat").fd(opened()).build());
        s.add(syscall("memfd_create").fd(opened()).build());
        // name_to_handle_at(dirfd, path, struct file_handle *, int *mount_id, flags) and the way back
        s.add(syscall("name_to_handle_at").out(fileHandle()).outputsWhenFailed().build());
        s.add(syscall("open_by_handle_at").fd(opened()).build());
        s.add(syscall("close").fd(closes(0)).build());
        s.add(syscall("close_range").fd(fdCustom("a one-fd close_range closes it", call -> {
            // FdEffect names one fd, so only a single-fd range is reported. The usual close_range(3, ~0U) never
            // touches stdout or stderr, which is all replay follows fds for.
            boolean cloexecOnly = (call.arg(2) & CLOSE_RANGE_CLOEXEC) != 0;
            if (call.failed() || cloexecOnly || call.arg(0) != call.arg(1)) {
                return FdEffect.NONE;
            }
            return new FdEffect.Close((int) call.arg(0));
        })).build());
        s.add(syscall("dup").fd(dupOf(0)).build());
        s.add(syscall("dup2").fd(dupOf(0)).build());
        s.add(syscall("dup3").fd(dupOf(0)).build());
        // pipe fds are never stdio from replay's point of view (a Dup onto 1 from an unknown fd is "not stdio").
        s.add(syscall("pipe").out(array(0, bytes(2), INT)).build());
        s.add(syscall("pipe2").out(array(0, bytes(2), INT)).build());
        // F_SETLKW and F_OFD_SETLKW wait for a lock another process may hold.
        s.add(syscall("fcntl")
                .out(byArg(1,
                        when(F_GETLK, struct(2, FLOCK)),
                        when(F_OFD_GETLK, struct(2, FLOCK)),
                        when(F_GETOWN_EX, struct(2, F_OWNER_EX)),
                        when(F_GET_RW_HINT, struct(2, U64)),
                        when(F_GET_FILE_RW_HINT, struct(2, U64))))
                .fd(fdByArg(1, when(F_DUPFD, dupOf(0)), when(F_DUPFD_CLOEXEC, dupOf(0))))
                .mayBlock().build());

        // ---- metadata
        s.add(syscall("stat").out(struct(1, STAT)).build());
        s.add(syscall("fstat").out(struct(1, STAT)).build());
        s.add(syscall("lstat").out(struct(1, STAT)).build());
        s.add(syscall("newfstatat").out(struct(2, STAT)).build());
        s.add(syscall("statx").out(struct(4, STATX)).build());
        s.add(syscall("statfs").out(struct(1, STATFS)).build());
        s.add(syscall("fstatfs").out(struct(1, STATFS)).build());
        s.add(syscall("access").build());
        s.add(syscall("faccessat").build());
        s.add(syscall("faccessat2").build());
        s.add(syscall("readlink").out(buffer(1, upTo(2))).build());
        s.add(syscall("readlinkat").out(buffer(2, upTo(3))).build());
        s.add(syscall("chmod").build());
        s.add(syscall("fchmod").build());
        s.add(syscall("fchmodat").build());
        s.add(syscall("fchmodat2").build());
        s.add(syscall("chown").build());
        s.add(syscall("fchown").build());
        s.add(syscall("lchown").build());
        s.add(syscall("fchownat").build());
        s.add(syscall("utime").build());
        s.add(syscall("utimes").build());
        s.add(syscall("futimesat").build());
        s.add(syscall("utimensat").build());
        s.add(syscall("umask").build());
        // file_getattr(dirfd, path, struct file_attr *, size, at_flags); statmount(req, buf, bufsize, flags) and
        // listmount(req, u64 *ids, count, flags)
        s.add(syscall("file_getattr").out(buffer(2, arg(3))).build());
        s.add(syscall("file_setattr").build());
        s.add(syscall("statmount").out(buffer(1, arg(2))).build());
        s.add(syscall("listmount").out(array(1, result(), U64)).build());

        // ---- directories and names
        s.add(syscall("getdents").out(buffer(1, upTo(2))).build());
        s.add(syscall("getdents64").out(buffer(1, upTo(2))).build());
        s.add(syscall("getcwd").out(buffer(0, upTo(1))).build()); // the result counts the NUL
        s.add(syscall("chdir").build());
        s.add(syscall("fchdir").build());
        s.add(syscall("chroot").build());
        s.add(syscall("mkdir").build());
        s.add(syscall("mkdirat").build());
        s.add(syscall("rmdir").build());
        s.add(syscall("mknod").build());
        s.add(syscall("mknodat").build());
        s.add(syscall("unlink").build());
        s.add(syscall("unlinkat").build());
        s.add(syscall("rename").build());
        s.add(syscall("renameat").build());
        s.add(syscall("renameat2").build());
        s.add(syscall("link").build());
        s.add(syscall("linkat").build());
        s.add(syscall("symlink").build());
        s.add(syscall("symlinkat").build());

        // ---- extended attributes: (path|fd, name, value, size) and (path|fd, list, size). With size 0 the call
        // only returns the size needed and writes nothing, which upTo() gives.
        for (String get : List.of("getxattr", "lgetxattr", "fgetxattr")) {
            s.add(syscall(get).out(buffer(2, upTo(3))).build());
        }
        for (String list : List.of("listxattr", "llistxattr", "flistxattr")) {
            s.add(syscall(list).out(buffer(1, upTo(2))).build());
        }
        // the *xattrat calls (dirfd, path, at_flags, ...): getxattrat takes the value buffer in a struct
        s.add(syscall("getxattrat").out(xattrValue()).build());
        s.add(syscall("listxattrat").out(buffer(3, upTo(4))).build());
        for (String change : List.of("setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr",
                "fremovexattr", "setxattrat", "removexattrat")) {
            s.add(syscall(change).build());
        }
        return s;
    }

    /**
     * name_to_handle_at's handle: {@code handle_bytes} (written back, also when the buffer is too small and the
     * call fails with EOVERFLOW), {@code handle_type}, and the handle; then the mount id, 64 bits with
     * AT_HANDLE_MNT_ID_UNIQUE.
     */
    private static OutParam fileHandle() {
        return custom("a file handle and its mount id", (ctx, out) -> {
            long handle = ctx.call().arg(2);
            if (handle == 0) {
                return;
            }
            if (ctx.call().failed()) {
                CallContext.add(out, handle, 4);
                return;
            }
            long bytes = Integer.toUnsignedLong(ctx.memory().readInt(handle));
            CallContext.add(out, handle, 8 + Math.min(bytes, MAX_HANDLE_SZ));
            if (ctx.call().arg(3) != 0) {
                CallContext.add(out, ctx.call().arg(3), (ctx.call().arg(4) & AT_HANDLE_MNT_ID_UNIQUE) != 0 ? 8 : 4);
            }
        });
    }

    /** getxattrat's value: {@code struct xattr_args {u64 value; u32 size; u32 flags}} at arg 4 says where. */
    private static OutParam xattrValue() {
        return custom("the value buffer named by struct xattr_args", (ctx, out) -> {
            long args = ctx.call().arg(4);
            if (args == 0 || ctx.call().arg(5) < 16) {
                return;
            }
            long value = ctx.memory().readLong(args);
            long size = Integer.toUnsignedLong(ctx.memory().readInt(args + 8));
            if (value != 0) {
                CallContext.add(out, value, Math.min(size, ctx.call().result()));
            }
        });
    }
}
