package org.jrr.kernel.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.trace.OutputEvent;

/**
 * What copy_file_range, sendfile and splice moved to stdout or stderr: bytes that never were in the program's
 * memory, which replay would otherwise not print (`cat FILE >out` copies with copy_file_range). They are read back
 * from the file they came from, or from stdout when that is a file.
 */
final class MovedOutput {
    /** The most bytes one event holds: a larger move becomes several. */
    private static final int CHUNK = 16 << 20;

    private MovedOutput() {
    }

    /** Whether {@code name} can move data between descriptors in the kernel. */
    static boolean moves(String name) {
        return name.equals("copy_file_range") || name.equals("sendfile") || name.equals("splice");
    }

    /**
     * The output events of the successful call {@code name} of task {@code t}: none unless it wrote to descriptor 1
     * or 2; null where the bytes cannot be read back (a pipe to a pipe).
     */
    static List<OutputEvent> of(RecordTask t, String name, SyscallCall call) throws IOException {
        int out = (int) (name.equals("sendfile") ? call.arg(0) : call.arg(2));
        long n = call.result();
        if ((out != 1 && out != 2) || call.failed() || n <= 0) {
            return List.of();
        }
        int in = (int) (name.equals("sendfile") ? call.arg(1) : call.arg(0));
        long inOffset = name.equals("sendfile") ? call.arg(2) : call.arg(1);
        long inEnd = inOffset != 0 ? SharedFileMaps.offsetAt(t, inOffset)
                : SharedFileMaps.position(t.tid(), in);
        Path source = fd(t, in);
        if (Files.isRegularFile(source) && inEnd >= n) {
            return read(source, inEnd - n, n, out);
        }
        long outEnd = !name.equals("sendfile") && call.arg(3) != 0
                ? SharedFileMaps.offsetAt(t, call.arg(3)) : SharedFileMaps.position(t.tid(), out);
        Path target = fd(t, out);
        if (Files.isRegularFile(target) && outEnd >= n) {
            return read(target, outEnd - n, n, out);
        }
        return null;
    }

    private static List<OutputEvent> read(Path file, long from, long n, int fd) throws IOException {
        List<OutputEvent> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long at = from; at < from + n; ) {
                ByteBuffer b = ByteBuffer.allocate((int) Math.min(CHUNK, from + n - at));
                while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
                    // the chunk, or what the file still has
                }
                if (b.position() == 0) {
                    break;
                }
                out.add(new OutputEvent(fd, java.util.Arrays.copyOf(b.array(), b.position())));
                at += b.position();
            }
        }
        return out;
    }

    private static Path fd(RecordTask t, int fd) {
        return Path.of("/proc", Integer.toString(t.tid()), "fd", Integer.toString(fd));
    }
}
