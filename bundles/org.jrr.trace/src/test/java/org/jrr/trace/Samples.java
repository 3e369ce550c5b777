package org.jrr.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jrr.api.arch.Registers;
import org.jrr.api.syscall.ReplayAction;
import org.jrr.api.trace.BufferFlushEvent;
import org.jrr.api.trace.CloneEvent;
import org.jrr.api.trace.Event;
import org.jrr.api.trace.ExecEvent;
import org.jrr.api.trace.ExitEvent;
import org.jrr.api.trace.FileEvent;
import org.jrr.api.trace.FileId;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.Mapping;
import org.jrr.api.trace.MemWrite;
import org.jrr.api.trace.MemoryEvent;
import org.jrr.api.trace.OutputEvent;
import org.jrr.api.trace.PtraceEvent;
import org.jrr.api.trace.SchedEvent;
import org.jrr.api.trace.SignalEvent;
import org.jrr.api.trace.SyscallEntryEvent;
import org.jrr.api.trace.SyscallEvent;
import org.jrr.api.trace.TraceHeader;
import org.jrr.api.trace.TrapEvent;

/** Realistic trace content for the tests: what recording {@code cat} might produce. */
public final class Samples {
    private Samples() {
    }

    public static TraceHeader header() {
        return new TraceHeader("x86_64", "none", "none", List.of("/usr/bin/cat", "-n", "/etc/hostname"),
                List.of("PATH=/usr/bin:/bin", "HOME=/root", "LANG=C.UTF-8", "EMPTY="), "/home/ada/work",
                1_764_000_000_123L, Map.of("jrr.version", "0.1.0", "host", "build-01", "cpu", "Zen 4 ✓"));
    }

    public static Registers regs(Random r) {
        long[] w = new long[Registers.COUNT];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextLong();
        }
        w[Registers.RIP] = 0x7f12_3456_0000L + r.nextInt(1 << 20);
        w[Registers.RSP] = 0x7ffd_c000_0000L + (r.nextInt(1 << 16) & ~15);
        w[Registers.CS] = 0x33;
        w[Registers.SS] = 0x2b;
        w[Registers.EFLAGS] = 0x246;
        w[Registers.DS] = w[Registers.ES] = w[Registers.FS] = w[Registers.GS] = 0;
        return Registers.of(w);
    }

    public static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    public static ExecEvent exec(Random r) {
        List<Mapping> maps = List.of(
                new Mapping(0x5555_5555_4000L, 0x5555_5555_6000L, 1, 2, 0, "/usr/bin/cat", "cat-0"),
                new Mapping(0x5555_5555_6000L, 0x5555_5555_b000L, 5, 2, 0x2000, "/usr/bin/cat", "cat-0"),
                new Mapping(0x5555_5555_f000L, 0x5555_5556_0000L, 3, 2, 0xa000, "/usr/bin/cat", null),
                new Mapping(0x5555_5556_0000L, 0x5555_5558_1000L, 3, 0x22, 0, "[heap]", null),
                new Mapping(0x7f12_3456_0000L, 0x7f12_3458_8000L, 5, 2, 0x28000, "/usr/lib/libc.so.6", "libc.so.6-0"),
                new Mapping(0x7ffd_c000_0000L, 0x7ffd_c002_1000L, 3, 0x22, 0, "[stack]", null),
                new Mapping(0x7ffd_c00f_e000L, 0x7ffd_c010_0000L, 5, 0x22, 0, "[vdso]", null),
                new Mapping(0x7ffd_c010_0000L, 0x7ffd_c010_1000L, 0, 0x22, 0, "", null));
        byte[] stack = new byte[132 << 10];
        // mostly zero like a real stack, with the environment near the top
        System.arraycopy(bytes(r, 4096), 0, stack, stack.length - 4096, 4096);
        List<MemWrite> mem = List.of(new MemWrite(0x7ffd_c000_0000L, stack),
                new MemWrite(0x7ffd_c00f_e000L, bytes(r, 8192)), new MemWrite(0x5555_5555_f000L, new byte[0]));
        return new ExecEvent("/usr/bin/cat", "x86_64", regs(r), maps, mem);
    }

    /** read(0, buf, 200 KiB) that returned all of it. */
    public static SyscallEvent bigRead(Random r) {
        int n = 200 << 10;
        Registers entry = regs(r).with(Registers.ORIG_RAX, 0).with(Registers.RDI, 0)
                .with(Registers.RSI, 0x5555_5556_1000L).with(Registers.RDX, n);
        Registers exit = entry.with(Registers.RAX, n).with(Registers.RCX, entry.ip()).with(Registers.R11, 0x246);
        return new SyscallEvent(0, entry, exit, List.of(new MemWrite(0x5555_5556_1000L, bytes(r, n))),
                ReplayAction.EMULATE, null);
    }

    public static SyscallEvent mmap(Random r) {
        Registers entry = regs(r).with(Registers.ORIG_RAX, 9);
        return new SyscallEvent(9, entry, entry.with(Registers.RAX, 0x7f12_3456_0000L), List.of(),
                ReplayAction.MMAP, "libc.so.6-0");
    }

    public static SyscallEvent smallSyscall(Random r, int size) {
        Registers entry = regs(r).with(Registers.ORIG_RAX, 0);
        Registers exit = entry.with(Registers.RAX, size);
        List<MemWrite> writes = new ArrayList<>();
        writes.add(new MemWrite(entry.get(Registers.RSI), bytes(r, size)));
        writes.add(new MemWrite(entry.get(Registers.RSI) + 0x1000, "status\n".getBytes()));
        return new SyscallEvent(0, entry, exit, writes, ReplayAction.values()[r.nextInt(ReplayAction.values().length)],
                r.nextBoolean() ? null : "ld-linux-x86-64.so.2-0", r.nextBoolean() ? -1 : r.nextInt() & 0xffffffffL);
    }

    public static TrapEvent rdtsc(Random r) {
        Registers before = regs(r);
        Registers after = before.with(Registers.RAX, 0x1234_5678L).with(Registers.RDX, 0x9abcL)
                .with(Registers.RIP, before.ip() + 2);
        return new TrapEvent(TrapEvent.Instruction.RDTSC, before, after);
    }

    public static TrapEvent cpuid(Random r) {
        Registers before = regs(r);
        // every word different: the register delta must cope with a full mask
        long[] w = before.toArray();
        for (int i = 0; i < w.length; i++) {
            w[i] = ~w[i];
        }
        return new TrapEvent(TrapEvent.Instruction.CPUID, before, Registers.of(w));
    }

    public static SignalEvent segv(Random r) {
        return new SignalEvent(11, bytes(r, 128), regs(r), true);
    }

    public static SignalEvent sigint(Random r) {
        return new SignalEvent(2, bytes(r, 128), regs(r), false);
    }

    /** A signal taken by a handler: the frame the kernel built and the handler's registers and mask. */
    public static SignalEvent handled(Random r) {
        Registers at = regs(r);
        Registers handler = at.with(Registers.RIP, 0x401000).with(Registers.RSP, 0x7ffe_0000_1000L);
        return new SignalEvent(10, bytes(r, 128), at, false, new SignalEvent.Handler(handler,
                List.of(new MemWrite(0x7ffe_0000_1000L, bytes(r, 12352))), 0x200L));
    }

    public static CloneEvent thread(Random r) {
        return new CloneEvent(56, regs(r), 4242, 0x3d0f00, 0x7f00_0000_f000L, 0x7f00_0001_0000L,
                0x7f00_0001_02d0L);
    }

    /** One of every kind of event, with the edge cases (nulls, empty lists, full register deltas). */
    public static List<Event> everyKind(Random r) {
        return List.of(exec(r), mmap(r), bigRead(r), smallSyscall(r, 17), rdtsc(r), cpuid(r), segv(r),
                sigint(r), handled(r), thread(r), new SyscallEntryEvent(0, regs(r)),
                new SchedEvent(regs(r), r.nextLong(), new long[] {0x1000, 0x3000, 0x7ffe0000L, 0x7fff0000L}, 0, true),
                new ExitEvent(1 << 8), new ExitEvent(9),
                new SyscallEvent(231, regs(r), regs(r), List.of(), null, null),
                new TrapEvent(null, regs(r), regs(r)),
                new ExecEvent(null, null, regs(r), List.of(), List.of()),
                new BufferFlushEvent(0x7f00_1000_0000L, 128, bytes(r, 4160)),
                new BufferFlushEvent(0x7f00_1000_0000L, 0, new byte[0]),
                new SyscallEvent(9, regs(r), regs(r), List.of(), ReplayAction.MMAP, "data.mdb-0", -1,
                        new FileId(0x803, 1234567, "/tmp/db/data.mdb")),
                new FileEvent(new FileId(0x803, 1234567, "/tmp/db/data.mdb"), 8192, bytes(r, 4096), 12288, 0xfeedL),
                new FileEvent(new FileId(0x2f, 88, "/run/user/0/dconf/user"), FileEvent.Origin.FORWARD, 0,
                        bytes(r, 2), -1, 0x1234L, true),
                FileEvent.check(new FileId(0, 1, null), 7),
                new OutputEvent(1, bytes(r, 300)),
                new MemoryEvent(List.of(new MemWrite(0x7000e405L, new byte[] {1}), new MemWrite(0x7000e3ffL,
                        new byte[] {1}))),
                new PtraceEvent(PtraceEvent.Action.FAULT, 5, regs(r)),
                new PtraceEvent(PtraceEvent.Action.SET_REGISTERS, 0, regs(r)),
                new PtraceEvent(PtraceEvent.Action.STEP, 0, regs(r)));
    }

    /** Numbers events as frames 1, 2, 3... with a few thread ids. */
    public static List<Frame> frames(List<Event> events) {
        List<Frame> frames = new ArrayList<>();
        for (Event e : events) {
            frames.add(new Frame(frames.size() + 1, 4000 + frames.size() % 3, e));
        }
        return frames;
    }

    /** {@code n} frames with up to {@code maxWrite} bytes of random data each. */
    public static List<Frame> manyFrames(Random r, int n, int maxWrite) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(switch (i % 5) {
                case 0, 1, 2 -> smallSyscall(r, r.nextInt(maxWrite));
                case 3 -> rdtsc(r);
                default -> segv(r);
            });
        }
        return frames(events);
    }
}
