package org.jrr.it.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jrr.api.JrrException;
import org.jrr.api.hpc.HpcProvider;
import org.jrr.api.session.RecordRequest;
import org.jrr.api.session.RecordResult;
import org.jrr.api.session.Recorder;
import org.jrr.api.session.ReplayRequest;
import org.jrr.api.session.Replayer;
import org.jrr.api.syscall.SyscallHandler;
import org.jrr.api.trace.TraceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/** jrr's parts, wired by DS inside a real Felix: found as services, and swappable while jrr runs. */
@ExtendWith(SurefireStyleSummary.class)
class WiringTest {
    private final BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();

    private <T> T await(Class<T> type, String filter) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            var refs = context.getServiceReferences(type, filter);
            if (!refs.isEmpty()) {
                T s = context.getService(refs.iterator().next());
                if (s != null) {
                    return s;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + type.getSimpleName() + " service " + (filter == null ? "" : filter));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals(symbolicName)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    @Test
    void codecProviderAndHandlersAreServices() throws Exception {
        TraceCodec codec = await(TraceCodec.class, "(jrr.name=binary)");
        assertEquals("binary", codec.name());
        HpcProvider none = await(HpcProvider.class, "(jrr.name=none)");
        assertTrue(none.probe().available(), none.probe().reason());
        HpcProvider perf = await(HpcProvider.class, "(jrr.name=perf)");
        assertFalse(perf.probe().reason().isBlank(), "perf says why it is or is not available");
        SyscallHandler read = await(SyscallHandler.class, "(jrr.syscall=read)");
        assertEquals("read", read.name());
        assertTrue(context.getServiceReferences(SyscallHandler.class, null).size() >= 85);
    }

    private RecordResult recordTrue(Recorder recorder, Path dir) {
        return recorder.record(new RecordRequest(List.of("/bin/true"), dir, null, System.err));
    }

    @Test
    void stoppingTheCodecBundleMakesRecordFailClearlyAndStartingItRestoresIt() throws Exception {
        Recorder recorder = await(Recorder.class, null);
        Path tmp = Files.createTempDirectory("jrr-wiring");
        Bundle trace = bundle("org.jrr.trace");
        trace.stop();
        try {
            JrrException e = assertThrows(JrrException.class, () -> recordTrue(recorder, tmp.resolve("t1")));
            assertTrue(e.getMessage().contains("no trace codec"), e.getMessage());
        } finally {
            trace.start();
        }
        await(TraceCodec.class, "(jrr.name=binary)");
        RecordResult r = recordTrue(recorder, tmp.resolve("t2"));
        assertEquals(0, r.exitStatus());
        assertTrue(Files.isRegularFile(r.trace().resolve("events")));

        Replayer replayer = await(Replayer.class, null);
        var out = new ByteArrayOutputStream();
        var result = replayer.replay(new ReplayRequest(r.trace(), out, out, new PrintStream(out)));
        assertEquals(0, result.exitStatus());
        assertTrue(result.complete());
    }

    @Test
    void aReplacementTickProviderIsUsedWhileTheDefaultIsStopped() throws Exception {
        Recorder recorder = await(Recorder.class, null);
        Bundle none = bundle("org.jrr.hpc.none");
        Path[] testTrace = new Path[1];
        none.stop();
        // ranked below none: used only while none is away
        var reg = context.registerService(HpcProvider.class, new TestProvider(),
                new java.util.Hashtable<>(java.util.Map.of("jrr.name", "test", "service.ranking", -5)));
        try {
            Path base = Files.createTempDirectory("jrr-wiring");
            RecordResult r = recordTrue(recorder, base.resolve("t1"));
            testTrace[0] = r.trace();
            assertTrue(header(r).contains("test-ticks"), "the trace header names the test provider's ticks");
            none.start();
            await(HpcProvider.class, "(jrr.name=none)");
            RecordResult again = recordTrue(recorder, base.resolve("t2"));
            assertFalse(header(again).contains("test-ticks"), "with none back, recording uses it again");
            assertTrue(header(again).contains("none"), "with none back, recording uses it again");
        } finally {
            reg.unregister();
            if (none.getState() != Bundle.ACTIVE) {
                none.start();
            }
        }
        await(HpcProvider.class, "(jrr.name=none)");
        assertFalse(context.getServiceReferences(HpcProvider.class, "(jrr.name=test)").size() > 0);
        // a trace made with the test provider cannot be replayed once it is gone
        Replayer replayer = await(Replayer.class, null);
        var out = new java.io.ByteArrayOutputStream();
        JrrException e = assertThrows(JrrException.class, () -> replayer.replay(new ReplayRequest(
                testTrace[0], out, out, new java.io.PrintStream(out))));
        assertTrue(e.getMessage().contains("recorded with the 'test' tick provider"), e.getMessage());
    }

    /**
     * With org.jrr.syscallbuf stopped, the next recording traces every syscall (the header says so and the trace
     * has no flushes); started again, recordings buffer again. Both replay.
     */
    @Test
    void stoppingTheSyscallBufferBundleMakesRecordingTraceEverySyscall() throws Exception {
        Recorder recorder = await(Recorder.class, null);
        await(org.jrr.api.syscallbuf.SyscallBuffer.class, null);
        Path base = Files.createTempDirectory("jrr-wiring");
        RecordResult buffered = recordLs(recorder, base.resolve("t1"));
        assertTrue(header(buffered).contains("preload"), "recorded with the syscall buffer");
        assertTrue(flushes(buffered) > 0, "ls's writes and stats are buffered");
        Bundle sb = bundle("org.jrr.syscallbuf");
        sb.stop();
        RecordResult traced;
        try {
            traced = recordLs(recorder, base.resolve("t2"));
        } finally {
            sb.start();
        }
        assertFalse(header(traced).contains("preload"), "with the bundle stopped, every syscall is traced");
        assertEquals(0, flushes(traced));
        await(org.jrr.api.syscallbuf.SyscallBuffer.class, null);
        RecordResult again = recordLs(recorder, base.resolve("t3"));
        assertTrue(flushes(again) > 0, "started again, it buffers again");
        Replayer replayer = await(Replayer.class, null);
        for (RecordResult r : List.of(buffered, traced, again)) {
            var out = new ByteArrayOutputStream();
            var result = replayer.replay(new ReplayRequest(r.trace(), out, out, new PrintStream(out)));
            assertEquals(0, result.exitStatus(), out::toString);
        }
    }

    private RecordResult recordLs(Recorder recorder, Path dir) {
        RecordResult r = recorder.record(new RecordRequest(List.of("/bin/ls", "-l", "/usr"), dir, null, System.err));
        assertEquals(0, r.exitStatus());
        return r;
    }

    private long flushes(RecordResult r) throws Exception {
        TraceCodec codec = await(TraceCodec.class, "(jrr.name=binary)");
        long n = 0;
        try (var reader = codec.open(r.trace())) {
            for (var f = reader.next(); f.isPresent(); f = reader.next()) {
                if (f.get().event() instanceof org.jrr.api.trace.BufferFlushEvent) {
                    n++;
                }
            }
        }
        return n;
    }

    private static String header(RecordResult r) throws java.io.IOException {
        return new String(Files.readAllBytes(r.trace().resolve("header")), "ISO-8859-1");
    }

    /** A provider of this test's own: counts nothing, like none, but under another name. */
    private static final class TestProvider implements HpcProvider {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public String tickSemantics() {
            return "test-ticks";
        }

        @Override
        public org.jrr.api.hpc.Availability probe() {
            return org.jrr.api.hpc.Availability.yes("always");
        }

        @Override
        public org.jrr.api.hpc.TickCounter open(int tid) {
            return new org.jrr.api.hpc.TickCounter() {
                @Override
                public long ticks() {
                    return 0;
                }

                @Override
                public void interruptAfter(long ticks) {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public long skid() {
            return 0;
        }
    }
}
