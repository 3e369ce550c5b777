package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The syscall buffer: buffered's families are buffered (flushes in the dump), a blocking pipe read is recorded as
 * a traced syscall (desched), signals arrive during buffered syscalls, a forked child and a thread get buffers
 * of their own, more records than a buffer holds; and mutex ping-pong between threads. Each replays exactly.
 * In the suite's second run (every syscall traced) the same programs must have no flush at all.
 */
class SyscallBufferTest {
    private static final boolean TRACED = Jrr.RECORD_FLAGS.contains("-n");

    private static String recordReplayAndDump(String name, String... args) throws Exception {
        RecordReplayTest.recordAndReplayTwice(name, List.of(args), Map.of(), null, 0, "EXIT-SUCCESS");
        Jrr jrr = new Jrr("sb-dump-" + name);
        Jrr.Result rec = jrr.run(java.util.stream.Stream.concat(java.util.stream.Stream.of("record", "-q"),
                java.util.Arrays.stream(args)).toArray(String[]::new));
        assertEquals(0, rec.status(), rec::toString);
        Jrr.Result dump = jrr.run("dump");
        assertEquals(0, dump.status(), dump::toString);
        return dump.stdout();
    }

    @Test
    void everyBufferedFamilyReplaysAndShowsInTheDump() throws Exception {
        String dump = recordReplayAndDump("buffered", Jrr.program("buffered"));
        if (TRACED) {
            assertFalse(dump.contains("flush of the syscall buffer"), "-n traces every syscall");
            return;
        }
        assertTrue(dump.contains("flush of the syscall buffer"), dump.substring(0, Math.min(3000, dump.length())));
        for (String call : List.of("read", "pread64", "write", "pwrite64", "lseek", "newfstatat", "statx",
                "clock_gettime", "gettimeofday", "time", "getpid", "getppid", "gettid", "getuid", "getrandom",
                "poll", "readv", "writev", "sendto", "sendmsg", "recvfrom", "recvmsg", "epoll_wait", "madvise", "sched_yield", "futex")) {
            assertTrue(dump.matches("(?s).*\\[\\d+\\] " + call + " = .*"), call + " is buffered");
        }
        assertTrue(dump.matches("(?s).*\\] futex = 0  \\[8 bytes recorded\\].*"),
                "a futex word the kernel wrote (wake-op, the PI operations) is recorded with the call");
        assertTrue(dump.contains("syscall futex entered (blocked)"), "the PI lock that blocked became traced");
        assertTrue(dump.contains("syscall read entered (blocked)"),
                "the pipe read that blocked became a traced syscall (desched), and the writer ran meanwhile");
        assertTrue(dump.contains("syscall_1001"), "a buffer filled up and was emptied");
    }

    /**
     * A trace whose flush says another argument than the program passes (as after a bug in jrr, or a trace edited by
     * hand): the library notices at that call, and the replay stops there, naming the record and the call.
     */
    @Test
    void aBufferedCallThatIsNotTheRecordsStopsTheReplayAndNamesBoth() throws Exception {
        if (TRACED) {
            return; // no flushes
        }
        Jrr jrr = new Jrr("sb-tampered");
        Jrr.Result rec = jrr.run("record", "-q", "-o", jrr.traces.resolve("original").toString(),
                Jrr.program("syscall_loop"), "1000");
        assertEquals(0, rec.status(), rec::toString);
        java.nio.file.Path tampered = jrr.traces.resolve("tampered");
        long flushEvent = TraceEdit.copy(jrr.traces.resolve("original"), tampered, (number, event) -> {
            if (!(event instanceof org.jrr.api.trace.BufferFlushEvent f) || f.records().length < 64) {
                return null;
            }
            byte[] records = f.records().clone();
            records[16] ^= 0x5a; // the first record's first argument
            return new org.jrr.api.trace.BufferFlushEvent(f.buffer(), f.from(), records);
        });
        Jrr.Result rep = jrr.run("replay", "-a", tampered.toString());
        assertTrue(rep.status() != 0, rep::toString);
        assertTrue(rep.stderr().matches("(?s).*replay diverged at event \\d+: .*made the buffered syscall \\w+\\(.*"
                + "\\(differing: argument 1\\) where the recording made buffered syscall 1 of \\d+ of event "
                + flushEvent + ", .*"), rep::toString);
        assertEquals(1, rep.stderr().lines().filter(l -> l.contains("diverged")).count(), "one line: " + rep);
    }

    /** A trace whose buffer protocol is not this jrr's: one line saying so, and no replay. */
    @Test
    void aTraceOfAnotherBufferProtocolIsRefused() throws Exception {
        if (TRACED) {
            return; // no buffer, no protocol
        }
        Jrr jrr = new Jrr("sb-protocol");
        assertEquals(0, jrr.run("record", "-q", "-o", jrr.traces.resolve("original").toString(),
                Jrr.program("syscall_loop"), "10").status());
        java.nio.file.Path other = jrr.traces.resolve("other");
        TraceEdit.copy(jrr.traces.resolve("original"), other, h -> {
            java.util.Map<String, String> p = new java.util.TreeMap<>(h.properties());
            p.put("syscallbuf.protocol", "JRRSBUF0");
            return new org.jrr.api.trace.TraceHeader(h.arch(), h.hpcProvider(), h.tickSemantics(), h.argv(), h.env(),
                    h.cwd(), h.startMillis(), p);
        }, (number, event) -> event);
        Jrr.Result rep = jrr.run("replay", "-a", other.toString());
        assertEquals(1, rep.status(), rep::toString);
        assertEquals(List.of("jrr: the trace was recorded with syscall buffer protocol JRRSBUF0, and this jrr replays"
                + " JRRSBUF5 only: record the program again"), rep.stderr().lines()
                .filter(l -> !l.startsWith("jrr: note:")).toList(), rep::toString);
    }

    @Test
    void mutexPingPongReplaysIdentically() throws Exception {
        String dump = recordReplayAndDump("pingpong", Jrr.program("mutex_pingpong"), "2000");
        assertEquals(!TRACED, dump.contains("] futex = "), "futex wakes are buffered, unless -n");
    }
}
