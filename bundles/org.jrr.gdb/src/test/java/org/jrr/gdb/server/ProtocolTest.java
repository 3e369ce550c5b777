package org.jrr.gdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jrr.api.JrrException;
import org.jrr.api.debug.BreakpointKind;
import org.jrr.api.debug.Stop;
import org.jrr.gdb.packet.Hex;
import org.jrr.gdb.target.Amd64Linux;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProtocolTest {
    private static final String EXPEDITED_AT_START = "06:f8fffe7f00000000;07:f0fffe7f00000000;10:0010400000000000;";

    private FakeControl control;
    private GdbServer server;
    private RspClient gdb;

    @BeforeEach
    void start() throws IOException {
        control = new FakeControl();
        server = GdbServer.start(control, 0);
        gdb = new RspClient(server.port());
    }

    @AfterEach
    void stop() throws IOException {
        gdb.close();
        server.close();
    }

    /** What gdb 13 does first. */
    private void handshake() throws IOException {
        String supported = gdb.ask("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;"
                + "vContSupported+;xmlRegisters=i386");
        assertEquals(Dispatcher.SUPPORTED, supported);
        assertEquals("", gdb.ask("vMustReplyEmpty"));
        assertEquals("OK", gdb.ask("QStartNoAckMode"));
        gdb.noAck = true;
        assertEquals("OK", gdb.ask("!"));
    }

    private void assertEnds() throws Exception {
        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> {
            try {
                server.awaitEnd();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ended.get(10, TimeUnit.SECONDS);
    }

    /**
     * gdb's host I/O: the debugged process's /proc files from the replay; of this machine's files, only those the
     * replay maps (the trace's copies), and nothing else (not /etc/shadow).
     */
    @Test
    void hostIoReadsTheReplaysProcFilesAndItsMappedFilesOnly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path local = dir.resolve("lib.so");
        java.nio.file.Files.writeString(local, "ELF-ish contents");
        control.alsoMapped = "7f0000000000-7f0000001000 r--p 00000000 00:00 0    " + local + "\n";
        handshake();
        String maps = FakeControl.MAPS + control.alsoMapped;
        String fd = gdb.ask("vFile:open:" + Hex.encodeText("/proc/256/task/257/maps") + ",0,0");
        assertEquals("F1", fd);
        assertEquals("F" + Integer.toHexString(maps.length()) + ";" + maps, gdb.ask("vFile:pread:1,1000,0"));
        assertEquals("F5;00401", gdb.ask("vFile:pread:1,5,0"));
        assertEquals("F0;", gdb.ask("vFile:pread:1,10,1000"));
        String stat = gdb.ask("vFile:fstat:1");
        assertTrue(stat.startsWith("F40;"), stat);
        assertEquals("F0", gdb.ask("vFile:close:1"));
        assertEquals("F-1,9", gdb.ask("vFile:pread:1,10,0"), "closed");
        assertEquals("F-1,2", gdb.ask("vFile:open:" + Hex.encodeText("/proc/256/cmdline") + ",0,0"));
        assertEquals("F" + Integer.toHexString(FakeControl.EXE.length()) + ";" + FakeControl.EXE,
                gdb.ask("vFile:readlink:" + Hex.encodeText("/proc/256/exe")));

        assertEquals("F1", gdb.ask("vFile:open:" + Hex.encodeText(local.toString()) + ",0,0"));
        assertEquals("F7;content", gdb.ask("vFile:pread:1,7,8"));
        assertEquals("F-1,d", gdb.ask("vFile:open:" + Hex.encodeText(local.toString()) + ",1,1c0"), "read-only");
        java.nio.file.Path other = dir.resolve("other");
        java.nio.file.Files.writeString(other, "not the recording's");
        assertEquals("F-1,d", gdb.ask("vFile:open:" + Hex.encodeText(other.toString()) + ",0,0"), "not mapped");
        assertEquals("F-1,d", gdb.ask("vFile:open:" + Hex.encodeText("/etc/shadow") + ",0,0"));
        assertEquals("F-1,d", gdb.ask("vFile:open:" + Hex.encodeText("/proc/1/environ") + ",0,0"));
        assertEquals("F-1,d", gdb.ask("vFile:readlink:" + Hex.encodeText("/proc/self/exe")));
        // gdb asks for a library by its recorded path: the trace's copy of that name is served
        java.nio.file.Path copy = dir.resolve("libfoo.so.1-0");
        java.nio.file.Files.writeString(copy, "the recording's libfoo");
        control.alsoMapped += "7f0000002000-7f0000003000 r--p 00000000 00:00 0    " + copy + "\n";
        assertEquals("F2", gdb.ask("vFile:open:" + Hex.encodeText("/usr/lib/libfoo.so.1") + ",0,0"));
        assertEquals("F5;libfo", gdb.ask("vFile:pread:2,5,10"));
        assertEquals("F0", gdb.ask("vFile:close:2"));
        assertEquals("", gdb.ask("vFile:unlink:" + Hex.encodeText(local.toString())));
        assertEquals("E01", gdb.ask("vFile:pread:zz"));
        assertEquals("F0", gdb.ask("vFile:close:1"));
        assertTrue(java.nio.file.Files.exists(local));
    }

    @Test
    void advertisesWhatGdbNeeds() throws IOException {
        String s = gdb.ask("qSupported:multiprocess+");
        assertTrue(s.startsWith("PacketSize=10000;"));
        for (String f : new String[] {"QStartNoAckMode+", "qXfer:features:read+", "qXfer:auxv:read+",
            "qXfer:exec-file:read+", "qXfer:siginfo:read+", "qXfer:threads:read+", "multiprocess+", "swbreak+",
            "hwbreak+", "vContSupported+", "QPassSignals+", "ReverseContinue+", "ReverseStep+"}) {
            assertTrue(s.contains(f), f);
        }
    }

    @Test
    void connectionSequenceOfGdb13() throws IOException {
        handshake();
        assertEquals("OK", gdb.ask("QProgramSignals:0;1;3;4;6;7;8;9;a;b;c;d;e;f;10;11;12;13;14;15;16;17;18;19;1a;"));
        assertEquals("OK", gdb.ask("Hgp0.0"));
        String xml = readXfer("qXfer:features:read:target.xml:", 0x100);
        assertEquals(Amd64Linux.DESCRIPTION.xml(), xml);
        assertEquals("OK", gdb.ask("QNonStop:0"));
        assertEquals("", gdb.ask("qTStatus"));
        assertEquals("", gdb.ask("qTfV"));
        assertEquals("T05" + EXPEDITED_AT_START + "thread:p100.100;", gdb.ask("?"));
        assertEquals("l<?xml version=\"1.0\"?>\n<threads>\n  <thread id=\"p100.100\"/>\n"
                + "  <thread id=\"p100.101\"/>\n</threads>\n", gdb.ask("qXfer:threads:read::0,1000"));
        assertEquals("1", gdb.ask("qAttached:100"));
        assertEquals("l" + FakeControl.EXE, gdb.ask("qXfer:exec-file:read:100:0,1000"));
        assertEquals("F0", gdb.ask("vFile:setfs:0"));
        assertEquals("F-1,2", gdb.ask("vFile:open:6a7573742070726f62696e67,0,1c0")); // "just probing"
        assertEquals("OK", gdb.ask("Hc-1"));
        assertEquals("", gdb.ask("qOffsets"));
        String auxv = gdb.ask("qXfer:auxv:read::0,1000");
        assertEquals('l', auxv.charAt(0));
        assertEquals(32, auxv.length() - 1);
        assertEquals("OK", gdb.ask("qSymbol::"));
        assertEquals("", gdb.ask("qXfer:btrace-conf:read::0,1000"));
    }

    /** Reads a qXfer object in pieces of {@code chunk} bytes, as gdb does, until the 'l' reply. */
    private String readXfer(String prefix, int chunk) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            String r = gdb.ask(prefix + Long.toHexString(sb.length()) + "," + Integer.toHexString(chunk));
            assertTrue(r.length() - 1 <= chunk, "reply longer than asked");
            sb.append(r.substring(1));
            if (r.charAt(0) == 'l') {
                return new String(sb.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
            assertEquals('m', r.charAt(0));
        }
    }

    @Test
    void xferSlicing() throws IOException {
        handshake();
        String xml = Amd64Linux.DESCRIPTION.xml();
        assertEquals("m" + xml.substring(10, 30), gdb.ask("qXfer:features:read:target.xml:a,14"));
        assertEquals("l" + xml.substring(xml.length() - 5), gdb.ask("qXfer:features:read:target.xml:"
                + Integer.toHexString(xml.length() - 5) + ",100"));
        assertEquals("l", gdb.ask("qXfer:features:read:target.xml:" + Integer.toHexString(xml.length()) + ",100"));
        assertEquals("l", gdb.ask("qXfer:features:read:target.xml:ffffffffffff,100"));
        assertEquals("E01", gdb.ask("qXfer:features:read:64bit-avx.xml:0,100"));
        assertEquals("m/no", gdb.ask("qXfer:exec-file:read::0,3"));
        assertEquals("E01", gdb.ask("qXfer:exec-file:read:999:0,100"));
        assertEquals("l" + "\0".repeat(128), gdb.ask("qXfer:siginfo:read::0,80")); // no signal yet: zeros
        assertEquals("OK", gdb.ask("qXfer:siginfo:write::0:abcd")); // taken as the end of a call, if any
        assertEquals("E01", gdb.ask("qXfer:features:read:target.xml:0"));
        assertEquals("E01", gdb.ask("qXfer:features:read"));
    }

    @Test
    void auxvIsBinaryAndEscaped() throws IOException {
        handshake();
        String auxv = gdb.ask("qXfer:auxv:read::0,1000");
        byte[] bytes = auxv.substring(1).getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(6, bytes[0]);
        assertEquals(0x10, bytes[9]); // 4096 little-endian
    }

    @Test
    void threads() throws IOException {
        handshake();
        assertEquals("QCp100.100", gdb.ask("qC"));
        assertEquals("mp100.100,p100.101", gdb.ask("qfThreadInfo"));
        assertEquals("l", gdb.ask("qsThreadInfo"));
        assertEquals("OK", gdb.ask("Tp100.101"));
        assertEquals("E01", gdb.ask("Tp100.999"));
        assertEquals(Hex.encodeText("tid 257"), gdb.ask("qThreadExtraInfo,p100.101"));
        assertEquals("OK", gdb.ask("Hgp100.101"));
        assertEquals("QCp100.101", gdb.ask("qC"));
        assertEquals("0010400000000000", gdb.ask("p10")); // the other thread's rip
        assertEquals("E01", gdb.ask("Hgp100.999"));
        assertEquals("OK", gdb.ask("Hg0"));
        assertEquals("QCp100.100", gdb.ask("qC"));
    }

    @Test
    void registersAndMemory() throws IOException {
        handshake();
        String g = gdb.ask("g");
        assertEquals(1120, g.length());
        assertEquals("8877665544332211", g.substring(16, 32)); // rbx
        assertEquals("0010400000000000", g.substring(256, 272)); // rip
        assertEquals("0010400000000000", gdb.ask("p10"));
        assertEquals("46020000", gdb.ask("p11"));
        assertEquals("000102030405060708090a0b0c0d0e0f", gdb.ask("p28")); // xmm0
        assertEquals("801f0000", gdb.ask("p38")); // mxcsr
        assertEquals("ffffffffffffffff", gdb.ask("p39")); // orig_rax
        assertEquals("E01", gdb.ask("p3c"));
        assertEquals("90909090", gdb.ask("m401000,4"));
        assertEquals("9090", gdb.ask("m401ffe,10")); // memory ends: a shorter reply
        assertEquals("E01", gdb.ask("m0,4"));
        assertEquals("E01", gdb.ask("M401000,1:cc")); // a change needs a diversion: this replay has none
        assertEquals("OK", gdb.ask("X401000,0:")); // gdb's probe for X
        assertEquals("E01", gdb.ask("P10=0000000000000000"));
        assertEquals("OK", gdb.ask("P10=0010400000000000")); // no change
        assertEquals("E01", gdb.ask("G" + g));
    }

    @Test
    void writesGoToADiversionWhichTheResumeAfterACallLeaves() throws IOException {
        control.divertible = true;
        handshake();
        assertEquals("OK", gdb.ask("P39=0000000000000000")); // orig_rax, as gdb writes it: no diversion
        assertEquals("OK", gdb.ask("P10=0020400000000000")); // rip: the diversion starts
        assertEquals("0020400000000000", gdb.ask("p10"));
        assertEquals("OK", gdb.ask("X7ffe0010,2:\u00ab\u00cd"));
        assertEquals("abcd", gdb.ask("m7ffe0010,2"));
        assertEquals("OK", gdb.ask("Z0,401000,1"));
        assertTrue(gdb.ask("vCont;c:p100.100").startsWith("T05"), "the call's stop, in the diversion");
        assertEquals("l" + "\0".repeat(128), gdb.ask("qXfer:siginfo:read::0,80"));
        assertEquals("OK", gdb.ask("qXfer:siginfo:write::0:" + "\0".repeat(128)));
        assertEquals("abcd", gdb.ask("m7ffe0010,2"), "the diversion's memory until its registers are back");
        assertEquals("OK", gdb.ask("P10=0010400000000000"));
        assertEquals("0000", gdb.ask("m7ffe0010,2"), "back: the replay's memory");
        assertEquals("OK", gdb.ask("z0,401000,1"));
        assertTrue(gdb.ask("vCont;s:p100.100").startsWith("T05"));
        assertEquals("0110400000000000", gdb.ask("p10"), "the replay's own registers again, one step on");
        assertEquals("0000", gdb.ask("m7ffe0010,2"));
        List<String> log = control.log().stream()
                .filter(l -> !l.startsWith("interrupt") && !l.startsWith("read ")).toList();
        assertEquals(List.of("divert 256", "diversion rip 402000", "diversion write 7ffe0010,2",
                "insert SOFTWARE 401000,1", "diversion insert 401000", "diversion resume", "diversion rip 401000",
                "diversion close", "remove SOFTWARE 401000,1"),
                log.subList(0, log.size() - 1));
        assertTrue(log.get(log.size() - 1).startsWith("resume Step"), log::toString);
    }

    @Test
    void malformedInputIsAnsweredAndTheSessionGoesOn() throws IOException {
        gdb.raw("$g#00"); // bad checksum, acks on
        gdb.expectByte('-');
        gdb.raw("garbage\r\n");
        assertEquals("", gdb.ask("qUnknownPacket"));
        assertEquals("", gdb.ask("Y"));
        assertEquals("E01", gdb.ask("mzz,4"));
        assertEquals("E01", gdb.ask("m401000"));
        assertEquals("E01", gdb.ask("m401000,"));
        assertEquals("E01", gdb.ask("m1ffffffffffffffff,4"));
        assertEquals("E01", gdb.ask("Z0,zz,1"));
        assertEquals("E01", gdb.ask("Z9,401000,1"));
        assertEquals("E01", gdb.ask("Z0,401000"));
        assertEquals("E01", gdb.ask("pzz"));
        assertEquals("E01", gdb.ask("H"));
        assertEquals("E01", gdb.ask("Hx0"));
        assertEquals("E01", gdb.ask("Hgpzz.1"));
        assertEquals("E01", gdb.ask("qRcmd,zz"));
        assertEquals("E01", gdb.ask("QNonStop:7"));
        assertEquals("E01", gdb.ask("vCont;"));
        assertEquals("E01", gdb.ask("vCont;t"));
        assertEquals("E01", gdb.ask("vCont;r401000,401010:p100.100"));
        assertEquals("E01", gdb.ask("c401000")); // resuming elsewhere would change the replay
        assertEquals("E01", gdb.ask("C05;401000"));
        assertEquals("", gdb.ask(""));
        // a huge length is clamped, not honoured
        String big = gdb.ask("m401000,ffffffff");
        assertEquals(2 * 0x1000, big.length());
        assertEquals("l", gdb.ask("qXfer:features:read:target.xml:0,ffffffffffffffff").substring(0, 1));
        // a packet over PacketSize is refused as a whole
        gdb.send("m" + "0".repeat(0x10000) + ",1");
        assertEquals("E01", gdb.reply());
        assertEquals("OK", gdb.ask("!"));
    }

    @Test
    void noAckModeStopsAcks() throws IOException {
        handshake();
        gdb.raw("$g#00"); // bad checksum without acks: dropped, no reply
        assertTrue(gdb.silentFor(300));
        assertEquals("OK", gdb.ask("!")); // no '+' before the reply (RspClient would fail on it)
        gdb.raw("-"); // a nak does nothing without acks
        assertTrue(gdb.silentFor(300));
    }

    @Test
    void nakResendsTheLastReply() throws IOException {
        assertEquals("OK", gdb.ask("!"));
        gdb.raw("-");
        assertEquals("OK", gdb.reply());
    }

    @Test
    void stepsContinuesAndStopsAtBreakpoints() throws IOException {
        handshake();
        assertEquals("vCont;c;C;s;S", gdb.ask("vCont?"));
        assertEquals("E01", gdb.ask("vCont;c:p100.999"), "a thread the replay does not have resumes nothing");
        assertEquals("E01", gdb.ask("vCont;s:p7.7"));
        assertEquals("T0506:f8fffe7f00000000;07:f0fffe7f00000000;10:0110400000000000;thread:p100.100;",
                gdb.ask("vCont;s:p100.100;c:p100.-1"));
        assertEquals("OK", gdb.ask("Z0,401004,1"));
        assertEquals("T0506:f8fffe7f00000000;07:f0fffe7f00000000;10:0410400000000000;thread:p100.100;swbreak:;",
                gdb.ask("vCont;c:p100.-1"));
        assertEquals("OK", gdb.ask("z0,401004,1"));
        assertEquals("E01", gdb.ask("z0,401004,1")); // not inserted any more
        assertEquals("OK", gdb.ask("Z1,401006,1"));
        assertTrue(gdb.ask("c").endsWith("thread:p100.100;hwbreak:;"));
        assertEquals("OK", gdb.ask("z1,401006,1"));
        assertTrue(gdb.ask("s").contains("10:0710400000000000;"));
        assertTrue(gdb.ask("S0b").contains("10:0810400000000000;")); // the signal is dropped
        assertTrue(gdb.ask("vCont;c").startsWith("T09")); // the end first shows as SIGKILL, as in rr
        assertEquals("W00;process:100", gdb.ask("vCont;c"));
        assertTrue(control.log().contains("resume Step[task=process 256, direction=FORWARD]"));
    }

    @Test
    void stepsTheThreadGdbNames() throws IOException {
        handshake();
        gdb.ask("vCont;s:p100.101");
        assertTrue(control.log().contains("resume Step[task=thread 256.257, direction=FORWARD]"));
        assertEquals("E01", gdb.ask("vCont;s:p100.999"));
        assertEquals("OK", gdb.ask("Hcp100.101"));
        gdb.ask("bs");
        assertTrue(control.log().contains("resume Step[task=thread 256.257, direction=BACKWARD]"));
        // after a stop, the selection is the stopped task again
        gdb.ask("bs");
        assertEquals("resume Step[task=process 256, direction=BACKWARD]", control.log().getLast());
    }

    @Test
    void reverseExecution() throws IOException {
        handshake();
        gdb.ask("vCont;s:p100.100");
        gdb.ask("vCont;s:p100.100");
        assertEquals("T0506:f8fffe7f00000000;07:f0fffe7f00000000;10:0110400000000000;thread:p100.100;",
                gdb.ask("bs"));
        assertEquals("OK", gdb.ask("Hcp100.0"));
        assertEquals("T05" + EXPEDITED_AT_START + "thread:p100.100;replaylog:begin;", gdb.ask("bc"));
        assertEquals("", gdb.ask("bx"));
    }

    @Test
    void watchpoints() throws IOException {
        handshake();
        assertEquals("OK", gdb.ask("Z2,7ffefff0,8"));
        assertEquals("", gdb.ask("Z3,7ffefff0,8")); // gdb falls back to Z4
        assertEquals("OK", gdb.ask("Z4,7ffefff0,8;X3,220c01"));
        assertEquals("E01", gdb.ask("Z2,7ffefff0,10")); // the replay refuses
        assertTrue(control.log().contains("insert ACCESS 7ffefff0,8"));
        control.nextStop = new Stop.Watchpoint(FakeControl.MAIN, BreakpointKind.WRITE, 0x7ffefff0L);
        assertTrue(gdb.ask("vCont;c").endsWith("thread:p100.100;watch:7ffefff0;"));
        control.nextStop = new Stop.Watchpoint(FakeControl.MAIN, BreakpointKind.READ, 0x7ffefff0L);
        assertTrue(gdb.ask("vCont;c").endsWith("rwatch:7ffefff0;"));
        control.nextStop = new Stop.Watchpoint(FakeControl.MAIN, BreakpointKind.ACCESS, 0x7ffefff0L);
        assertTrue(gdb.ask("vCont;c").endsWith("awatch:7ffefff0;"));
        assertEquals("OK", gdb.ask("z4,7ffefff0,8"));
        assertEquals("", gdb.ask("z3,7ffefff0,8"));
    }

    @Test
    void signalsAndExits() throws IOException {
        handshake();
        control.nextStop = new Stop.Signal(FakeControl.MAIN, 7); // SIGBUS
        assertTrue(gdb.ask("vCont;c").startsWith("T0a06:"));
        assertTrue(gdb.ask("qXfer:siginfo:read::0,80").startsWith("l\u0007"));
        control.nextStop = new Stop.Signal(FakeControl.OTHER, 10); // SIGUSR1
        String usr1 = gdb.ask("vCont;c");
        assertTrue(usr1.startsWith("T1e06:"));
        assertTrue(usr1.endsWith("thread:p100.101;"));
        assertEquals("QCp100.101", gdb.ask("qC")); // the stopped thread is selected
        control.nextStop = new Stop.Signal(FakeControl.MAIN, 34);
        assertTrue(gdb.ask("vCont;c").startsWith("T2e"));
        control.nextStop = new Stop.Interrupted(FakeControl.MAIN);
        assertTrue(gdb.ask("vCont;c").startsWith("T02"));
        control.nextStop = new Stop.Exited(FakeControl.MAIN, 3 << 8);
        assertTrue(gdb.ask("vCont;c").endsWith("thread:p100.100;"));
        control.nextStop = new Stop.Exited(FakeControl.MAIN, 3 << 8);
        assertEquals("W03;process:100", gdb.ask("vCont;c"));
        control.nextStop = new Stop.Exited(FakeControl.MAIN, 9); // killed by SIGKILL
        assertEquals("X09;process:100", gdb.ask("vCont;c"));
        control.nextStop = new Stop.Exited(FakeControl.MAIN, 0x80 | 7); // SIGBUS, core dumped
        assertEquals("X0a;process:100", gdb.ask("vCont;c"));
        assertEquals("X0a;process:100", gdb.ask("?"));
    }

    @Test
    void withoutMultiprocessThreadIdsAreBare() throws IOException {
        assertEquals(Dispatcher.SUPPORTED, gdb.ask("qSupported:xmlRegisters=i386"));
        assertEquals("T05" + EXPEDITED_AT_START + "thread:100;", gdb.ask("?"));
        assertEquals("QC100", gdb.ask("qC"));
        assertEquals("m100,101", gdb.ask("qfThreadInfo"));
        assertEquals("OK", gdb.ask("Hg101"));
        assertEquals("OK", gdb.ask("Z0,401002,1"));
        assertEquals("T05" + "06:f8fffe7f00000000;07:f0fffe7f00000000;10:0210400000000000;thread:100;",
                gdb.ask("c")); // no swbreak: gdb did not offer it
        control.nextStop = new Stop.Exited(FakeControl.MAIN, 0);
        assertEquals("T09thread:100;", gdb.ask("c").replaceAll("T09.*thread", "T09thread"));
        assertEquals("W00", gdb.ask("c"));
    }

    @Test
    void monitorCommands() throws IOException {
        handshake();
        assertEquals("O" + Hex.encodeText("Current event: 1000\n"), gdb.ask("qRcmd," + Hex.encodeText("when")));
        assertEquals("OK", gdb.reply());
        assertEquals("O" + Hex.encodeText("Current tid: 256\n"), gdb.ask("qRcmd," + Hex.encodeText("when-tid")));
        assertEquals("OK", gdb.reply());
        assertEquals("O" + Hex.encodeText(Monitor.HELP), gdb.ask("qRcmd," + Hex.encodeText("help")));
        assertEquals("OK", gdb.reply());
        String unknown = gdb.ask("qRcmd," + Hex.encodeText("frobnicate"));
        assertTrue(Hex.decodeText(unknown.substring(1)).contains("unknown monitor command 'frobnicate'"));
        assertEquals("OK", gdb.reply());
    }

    @Test
    void interruptStopsABlockingResume() throws Exception {
        handshake();
        control.blockContinue = true;
        gdb.send("vCont;c:p100.-1");
        assertTrue(gdb.silentFor(300)); // running
        gdb.raw("\u0003");
        assertTrue(gdb.reply().startsWith("T02"));
        assertTrue(control.log().contains("interrupt"));
        assertEquals("OK", gdb.ask("!"));
    }

    @Test
    void interruptWithAcksOn() throws Exception {
        control.blockContinue = true;
        gdb.send("c");
        gdb.raw("\u0003");
        assertTrue(gdb.reply().startsWith("T02"));
    }

    @Test
    void packetsDuringAResumeAreAnsweredAfterTheStop() throws Exception {
        handshake();
        control.blockContinue = true;
        gdb.send("vCont;c");
        gdb.send("qC");
        gdb.raw("\u0003");
        assertTrue(gdb.reply().startsWith("T02"));
        assertEquals("QCp100.100", gdb.reply());
    }

    @Test
    void aFailedRequestIsAnErrorAndTheSessionGoesOn() throws IOException {
        handshake();
        control.nextStop = new Stop.Exited(FakeControl.MAIN, 0);
        gdb.ask("c");
        assertEquals("E01", gdb.ask("g")); // the fake throws: no such task
        assertEquals("OK", gdb.ask("!"));
    }

    @Test
    void aRefusedResumeIsAnErrorAndTheSessionGoesOn() throws Exception {
        handshake();
        control.failResume = new JrrException("reverse execution is not available yet");
        String o = gdb.ask("bc");
        assertEquals("jrr: reverse execution is not available yet\n", Hex.decodeText(o.substring(1)));
        assertEquals("E01", gdb.reply()); // gdb 13: "Remote failure reply: E01", then a stop
        assertEquals("OK", gdb.ask("!"));
        assertTrue(gdb.ask("vCont;s:p100.100").startsWith("T05"));
    }

    @Test
    void aResumeThatEndsTheReplayKillsTheSession() throws Exception {
        handshake();
        JrrException divergence = new JrrException("replay diverged at event 7: registers differ");
        control.failResume = divergence;
        control.dead = divergence;
        String o = gdb.ask("vCont;c");
        assertEquals("jrr: replay diverged at event 7: registers differ\n", Hex.decodeText(o.substring(1)));
        assertEquals("X09;process:100", gdb.reply());
        assertTrue(gdb.closedByServer());
        assertEnds();
    }

    @Test
    void detachEndsTheSession() throws Exception {
        handshake();
        assertEquals("OK", gdb.ask("D;100"));
        assertTrue(gdb.closedByServer());
        assertEnds();
    }

    @Test
    void vKillWaitsForVRunAndKEndsTheSession() throws Exception {
        handshake();
        assertEquals("OK", gdb.ask("vKill;100")); // gdb's run: vKill, then vRun
        assertEquals("E01", gdb.ask("vRun;;" + Hex.encode("nonsense".getBytes(StandardCharsets.US_ASCII))));
        gdb.send("k");
        assertTrue(gdb.closedByServer());
        assertEnds();
    }

    @Test
    void disconnectEndsTheSession() throws Exception {
        handshake();
        gdb.close();
        assertEnds();
    }

    @Test
    void disconnectDuringAResumeInterruptsIt() throws Exception {
        handshake();
        control.blockContinue = true;
        gdb.send("vCont;c");
        gdb.close();
        assertEnds();
        assertTrue(control.log().contains("interrupt"));
    }

    @Test
    void closeEndsAServerWithoutClient() throws Exception {
        GdbServer idle = GdbServer.start(new FakeControl(), 0);
        idle.close();
        CompletableFuture.runAsync(() -> {
            try {
                idle.awaitEnd();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void onlyOneClient() throws Exception {
        handshake();
        try (java.net.Socket second = new java.net.Socket()) {
            second.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 2000);
            second.setSoTimeout(2000);
            second.getOutputStream().write(org.jrr.gdb.packet.Framing.frame("!"));
            int b = second.getInputStream().read();
            assertFalse(b == '+', "a second client was served");
        } catch (IOException refused) {
            // refused: fine
        }
        assertEquals("OK", gdb.ask("!"));
    }

    @Test
    void rejectsWhatCannotBeDone() throws IOException {
        handshake();
        assertEquals("E01", gdb.ask("QNonStop:1"));
        assertEquals("E01", gdb.ask("vRun;"));
        assertEquals("OK", gdb.ask("QPassSignals:e;10;14;"));
        assertEquals("", gdb.ask("qGetTLSAddr:p100.100,0,0"));
    }
}
