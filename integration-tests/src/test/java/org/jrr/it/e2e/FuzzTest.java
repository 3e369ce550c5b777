package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Damaged traces and malformed gdb packets, a bounded number of seeded cases each (property {@code jrr.fuzz.cases},
 * 200 by default): no hang, no stack trace, no exit 0 with other output than the recording's, no process left.
 * Run in the suite's first pass only (the traces do not depend on how they were recorded).
 */
class FuzzTest {
    private static final int CASES = Integer.getInteger("jrr.fuzz.cases", 200);

    private static void firstPassOnly() {
        Assumptions.assumeTrue(Jrr.RECORD_FLAGS.isBlank(), "the fuzzers run in the suite's first pass only");
    }

    @Test
    void damagedTracesAreRefusedOrReplayIdentically() throws Exception {
        firstPassOnly();
        Jrr jrr = new Jrr("fuzz-traces");
        Path good = jrr.traces.resolve("good");
        Path other = jrr.traces.resolve("other");
        Jrr.Result rec = jrr.run("record", "-q", "-o", good.toString(), Jrr.program("hello"));
        assertEquals(0, rec.status(), rec::toString);
        assertEquals(0, jrr.run("record", "-q", "-o", other.toString(), Jrr.program("argv_env")).status());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Random rnd = new Random(i);
            Path t = jrr.traces.resolve("case-" + i);
            copy(good, t);
            String what = damage(t, other, rnd);
            boolean dump = i % 5 == 4;
            Jrr.Result r = dump ? jrr.run("dump", t.toString()) : jrr.run("replay", "-a", t.toString());
            String c = "case " + i + " (" + what + ", " + (dump ? "dump" : "replay") + "): ";
            if (r.stderr().contains("\tat ") || r.stderr().contains("Exception in thread")) {
                failures.add(c + "a stack trace: " + r);
            } else if (!dump && r.status() == 0 && !r.stdout().equals(rec.stdout())) {
                failures.add(c + "exit 0 with other output: " + r);
            } else if (r.status() != 0 && !r.stderr().lines().anyMatch(l -> l.startsWith("jrr: "))) {
                failures.add(c + "failed without saying why: " + r);
            }
            String left = leftOver("hello");
            if (left != null) {
                failures.add(c + "left a process: " + left);
            }
            delete(t);
        }
        assertEquals(List.of(), failures);
    }

    /** Damages trace {@code t} one way, chosen by {@code rnd}; says how. */
    private static String damage(Path t, Path other, Random rnd) throws IOException {
        Path events = t.resolve("events");
        List<Path> files;
        try (Stream<Path> s = Files.list(t.resolve("files"))) {
            files = s.filter(p -> !p.getFileName().toString().equals("manifest")).sorted().toList();
        }
        Path file = files.get(rnd.nextInt(files.size()));
        return switch (rnd.nextInt(12)) {
            case 0 -> {
                long at = rnd.nextLong(Files.size(events));
                truncate(events, at);
                yield "events cut at " + at;
            }
            case 1, 2 -> "events: " + flip(events, rnd, 1 + rnd.nextInt(4));
            case 3 -> "header: " + flip(t.resolve("header"), rnd, 1 + rnd.nextInt(3));
            case 4 -> {
                long at = rnd.nextLong(Files.size(t.resolve("header")));
                truncate(t.resolve("header"), at);
                yield "header cut at " + at;
            }
            case 5 -> file.getFileName() + ": " + flip(file, rnd, 1 + rnd.nextInt(4));
            case 6 -> {
                truncate(file, Files.size(file) / 2);
                yield file.getFileName() + " cut in half";
            }
            case 7 -> {
                Files.delete(file);
                yield file.getFileName() + " missing";
            }
            case 8 -> {
                writable(events);
                Files.copy(other.resolve("events"), events, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                yield "events of another trace";
            }
            case 9 -> {
                Path victim = rnd.nextBoolean() ? events : t.resolve(rnd.nextBoolean() ? "header" : "version");
                Files.delete(victim);
                yield victim.getFileName() + " missing";
            }
            case 10 -> {
                byte[] junk = new byte[1 + rnd.nextInt(4096)];
                rnd.nextBytes(junk);
                writable(events);
                Files.write(events, junk, StandardOpenOption.APPEND);
                yield junk.length + " bytes after the events";
            }
            default -> {
                long size = Files.size(events);
                long at = rnd.nextLong(size);
                int n = (int) Math.min(4096, size - at);
                writable(events);
                try (var ch = java.nio.channels.FileChannel.open(events, StandardOpenOption.WRITE)) {
                    ch.write(java.nio.ByteBuffer.allocate(n), at);
                }
                yield n + " zero bytes in the events at " + at;
            }
        };
    }

    private static String flip(Path p, Random rnd, int bits) throws IOException {
        writable(p);
        byte[] b = Files.readAllBytes(p);
        if (b.length == 0) {
            return "empty";
        }
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < bits; i++) {
            int at = rnd.nextInt(b.length);
            b[at] ^= (byte) (1 << rnd.nextInt(8));
            where.append(i == 0 ? "bits flipped at " : ", ").append(at);
        }
        Files.write(p, b);
        return where.toString();
    }

    private static void truncate(Path p, long size) throws IOException {
        writable(p);
        try (var ch = java.nio.channels.FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static void writable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A process of ours that runs the test program {@code name} (killed, and described), or null. */
    private static String leftOver(String name) {
        String program = Jrr.program(name);
        List<ProcessHandle> left = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.equals(program)).orElse(false)).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        return left.isEmpty() ? null : left.toString();
    }

    @Test
    void malformedGdbPacketsAreAnsweredAndTheServerLives() throws Exception {
        firstPassOnly();
        Jrr jrr = new Jrr("fuzz-gdb");
        assertEquals(0, jrr.run("record", "-q", Jrr.program("hello")).status());
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process server = jrr.start(java.util.Map.of(), List.of("replay", "-s", Integer.toString(port)));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(server.getErrorStream()));
        try (Socket gdb = connect(port)) {
            gdb.setSoTimeout(10_000);
            InputStream in = gdb.getInputStream();
            OutputStream out = gdb.getOutputStream();
            assertTrue(ask(in, out, "?").matches("[TSW].*"), "a stop reply at the start");
            Random rnd = new Random(42);
            for (int i = 0; i < CASES; i++) {
                byte[] packet = fuzzedPacket(rnd);
                out.write(packet);
                out.flush();
                if (i % 10 == 9) { // the server still answers, whatever came before
                    String reply = ask(in, out, "?");
                    assertTrue(reply.matches("[TSWX].*"), "after case " + i + " ("
                            + new String(packet, StandardCharsets.ISO_8859_1) + "): " + reply);
                }
            }
            String reply = ask(in, out, "?");
            assertTrue(reply.matches("[TSWX].*"), reply);
        }
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server ends when gdb goes");
        String stderr = err.get(10, TimeUnit.SECONDS);
        assertFalse(stderr.contains("\tat ") || stderr.contains("Exception"), stderr);
        server.destroyForcibly();
    }

    private static Socket connect(int port) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Commands that neither run the replay on nor end the session, with arguments of every sort. */
    private static byte[] fuzzedPacket(Random rnd) {
        String[] heads = {"g", "G", "m", "M", "p", "P", "Z0,", "z0,", "Z2,", "Z4,", "vCont;c:", "Hg", "Hc",
            "qXfer:features:read:target.xml:", "qXfer:auxv:read::", "vFile:open:", "vFile:pread:", "vFile:setfs:",
            "qRcmd,", "T", "X", "qThreadExtraInfo,", "qSupported:", "qAttached", "qC", "vCont?", "qfThreadInfo",
            "QStartNoAckMode", "bc", "bs", "", "\u0003"};
        String head = heads[rnd.nextInt(heads.length)];
        StringBuilder body = new StringBuilder(head);
        int n = rnd.nextInt(rnd.nextInt(10) == 0 ? 5000 : 40);
        String alphabet = "0123456789abcdef,:;=-}*#$xXpP\u00ff\u0000 ";
        for (int i = 0; i < n; i++) {
            body.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        if (head.equals("\u0003")) {
            return new byte[] {3};
        }
        String text = body.toString();
        int sum = 0;
        for (char c : text.toCharArray()) {
            sum += c & 0xff;
        }
        String frame = switch (rnd.nextInt(6)) {
            case 0 -> "$" + text + "#00"; // a wrong checksum
            case 1 -> "$" + text; // no checksum: the next '$' starts over
            case 2 -> text; // no framing at all
            default -> "$" + text + "#" + String.format("%02x", sum & 0xff);
        };
        return frame.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Sends one well-formed packet ({@code ?}) and returns the payload of the first stop reply after it, skipping
     * acks, console output and the answers to packets sent before.
     */
    private static String ask(InputStream in, OutputStream out, String payload) throws IOException {
        int sum = 0;
        for (char c : payload.toCharArray()) {
            sum += c;
        }
        out.write(("$" + payload + "#" + String.format("%02x", sum & 0xff)).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            StringBuilder packet = null;
            try {
                while (true) {
                    int c = in.read();
                    if (c < 0) {
                        fail("the server closed the connection");
                    }
                    if (c == '$') {
                        packet = new StringBuilder();
                    } else if (c == '#' && packet != null) {
                        in.read();
                        in.read();
                        out.write('+');
                        out.flush();
                        String reply = packet.toString();
                        if (reply.matches("[TSWX].*")) {
                            return reply;
                        }
                        break; // console output, or the answer to an earlier packet: the stop reply follows
                    } else if (packet != null) {
                        packet.append((char) c);
                    }
                }
            } catch (SocketTimeoutException e) {
                fail("no reply to '" + payload + "' in 10 s");
            }
        }
        fail("no reply to '" + payload + "'");
        return null;
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }
}
