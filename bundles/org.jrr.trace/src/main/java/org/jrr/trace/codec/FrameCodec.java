package org.jrr.trace.codec;

import java.util.ArrayList;
import java.util.List;
import org.jrr.api.arch.Registers;
import org.jrr.api.syscall.ReplayAction;
import org.jrr.api.trace.BufferFlushEvent;
import org.jrr.api.trace.Event;
import org.jrr.api.trace.CloneEvent;
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
import org.jrr.api.trace.TrapEvent;

/**
 * Serializes frames: a tag byte, the frame number (i64) and tid (i32), then the event's fields. Strings are
 * UTF-8 with an i32 length (-1 = null); enums are stored by name so reordering a Java enum cannot silently
 * change a trace's meaning. Registers are 27 i64; a syscall's exit and a trap's after-registers are stored as
 * a 27-bit mask of the words that differ from the first set plus those words, since most stay the same.
 */
public final class FrameCodec {
    static final int EXEC = 1;
    static final int SYSCALL = 2;
    static final int TRAP = 3;
    static final int SIGNAL = 4;
    static final int EXIT = 5;
    static final int SYSCALL_ENTRY = 6;
    static final int CLONE = 7;
    static final int SCHED = 8;
    static final int FLUSH = 9;
    static final int FILE = 10;
    static final int MEMORY = 11;
    static final int OUTPUT = 12;
    static final int PTRACE = 13;
    static final int END = 0xff;

    private static final int MAPPING_MIN_BYTES = 8 + 8 + 4 + 4 + 8 + 4 + 4;
    private static final int MEMWRITE_MIN_BYTES = 8 + 4;

    private FrameCodec() {
    }

    public static void write(Frame frame, Encoder out) {
        Event event = frame.event();
        int tag = switch (event) {
            case ExecEvent e -> EXEC;
            case SyscallEvent e -> SYSCALL;
            case TrapEvent e -> TRAP;
            case SignalEvent e -> SIGNAL;
            case ExitEvent e -> EXIT;
            case SyscallEntryEvent e -> SYSCALL_ENTRY;
            case CloneEvent e -> CLONE;
            case SchedEvent e -> SCHED;
            case BufferFlushEvent e -> FLUSH;
            case FileEvent e -> FILE;
            case MemoryEvent e -> MEMORY;
            case OutputEvent e -> OUTPUT;
            case PtraceEvent e -> PTRACE;
        };
        out.u8(tag).i64(frame.number()).i32(frame.tid());
        switch (event) {
            case ExecEvent e -> {
                out.str(e.exe()).str(e.arch());
                regs(out, e.regs());
                out.i32(e.mappings().size());
                e.mappings().forEach(m -> mapping(out, m));
                memWrites(out, e.memory());
            }
            case SyscallEvent e -> {
                out.i32(e.number());
                regs(out, e.entry());
                regsDelta(out, e.entry(), e.exit());
                memWrites(out, e.writes());
                out.str(e.action() == null ? null : e.action().name()).str(e.file()).i64(e.outputDigest());
                out.bool(e.shared() != null);
                if (e.shared() != null) {
                    fileId(out, e.shared());
                }
            }
            case TrapEvent e -> {
                out.str(e.instruction() == null ? null : e.instruction().name());
                regs(out, e.before());
                regsDelta(out, e.before(), e.after());
            }
            case SignalEvent e -> {
                out.i32(e.signo()).bytes(e.siginfo());
                regs(out, e.regs());
                out.bool(e.deterministic());
                out.bool(e.handler() != null);
                if (e.handler() != null) {
                    regsDelta(out, e.regs(), e.handler().regs());
                    memWrites(out, e.handler().frame());
                    out.i64(e.handler().blockedMask());
                }
            }
            case ExitEvent e -> out.i32(e.waitStatus());
            case SyscallEntryEvent e -> {
                out.i32(e.number());
                regs(out, e.entry());
            }
            case CloneEvent e -> {
                out.i32(e.number());
                regs(out, e.entry());
                out.i32(e.child()).i64(e.flags()).i64(e.stack()).i64(e.tls()).i64(e.childTidAddress());
            }
            case SchedEvent e -> {
                regs(out, e.regs());
                out.i64(e.digest()).i32(e.ranges().length);
                for (long a : e.ranges()) {
                    out.i64(a);
                }
                out.i64(e.ticks()).bool(e.bestEffort());
            }
            case BufferFlushEvent e -> out.i64(e.buffer()).i32(e.from()).bytes(e.records());
            case MemoryEvent e -> memWrites(out, e.writes());
            case OutputEvent e -> out.i32(e.fd()).bytes(e.data());
            case PtraceEvent e -> {
                out.str(e.action().name()).i32(e.signo());
                regs(out, e.regs());
            }
            case FileEvent e -> {
                fileId(out, e.file());
                out.i32(e.origin().ordinal()).i64(e.offset()).bytes(e.data()).i64(e.size()).i64(e.digest())
                        .bool(e.outside());
            }
        }
    }

    private static void fileId(Encoder out, FileId f) {
        out.i64(f.dev()).i64(f.ino()).str(f.path());
    }

    private static FileId fileId(Decoder in) throws MalformedDataException {
        return new FileId(in.i64(), in.i64(), in.str());
    }

    /** The end marker: the number of frames written, so the reader can check none went missing. */
    public static void writeEnd(long frameCount, Encoder out) {
        out.u8(END).i64(frameCount);
    }

    public static Entry read(Decoder in) throws MalformedDataException {
        int tag = in.u8();
        if (tag == END) {
            return new Entry.End(in.i64());
        }
        if (tag < EXEC || tag > PTRACE) {
            throw new MalformedDataException("unknown frame tag 0x" + Integer.toHexString(tag));
        }
        long number = in.i64();
        int tid = in.i32();
        Event event = switch (tag) {
            case EXEC -> new ExecEvent(in.str(), in.str(), regs(in), mappings(in), memWrites(in));
            case SYSCALL -> {
                int nr = in.i32();
                Registers entry = regs(in);
                Registers exit = regsDelta(in, entry);
                List<MemWrite> writes = memWrites(in);
                ReplayAction action = enumOf(ReplayAction.class, in.str());
                String file = in.str();
                long digest = in.i64();
                yield new SyscallEvent(nr, entry, exit, writes, action, file, digest, in.bool() ? fileId(in) : null);
            }
            case TRAP -> {
                TrapEvent.Instruction insn = enumOf(TrapEvent.Instruction.class, in.str());
                Registers before = regs(in);
                yield new TrapEvent(insn, before, regsDelta(in, before));
            }
            case SIGNAL -> {
                int signo = in.i32();
                byte[] info = in.bytes();
                Registers regs = regs(in);
                boolean deterministic = in.bool();
                SignalEvent.Handler handler = in.bool()
                        ? new SignalEvent.Handler(regsDelta(in, regs), memWrites(in), in.i64()) : null;
                yield new SignalEvent(signo, info, regs, deterministic, handler);
            }
            case EXIT -> new ExitEvent(in.i32());
            case SYSCALL_ENTRY -> new SyscallEntryEvent(in.i32(), regs(in));
            case CLONE -> new CloneEvent(in.i32(), regs(in), in.i32(), in.i64(), in.i64(), in.i64(), in.i64());
            case SCHED -> {
                Registers regs = regs(in);
                long digest = in.i64();
                long[] ranges = new long[in.count(8)];
                for (int i = 0; i < ranges.length; i++) {
                    ranges[i] = in.i64();
                }
                yield new SchedEvent(regs, digest, ranges, in.i64(), in.bool());
            }
            case FLUSH -> new BufferFlushEvent(in.i64(), in.i32(), in.bytes());
            case MEMORY -> new MemoryEvent(memWrites(in));
            case OUTPUT -> new OutputEvent(in.i32(), in.bytes());
            case PTRACE -> new PtraceEvent(enumOf(PtraceEvent.Action.class, in.str()), in.i32(), regs(in));
            case FILE -> {
                FileId file = fileId(in);
                int origin = in.i32();
                if (origin < 0 || origin >= FileEvent.Origin.values().length) {
                    throw new MalformedDataException("unknown file event origin " + origin);
                }
                yield new FileEvent(file, FileEvent.Origin.values()[origin], in.i64(), in.bytes(), in.i64(), in.i64(),
                        in.bool());
            }
            default -> throw new MalformedDataException("unknown frame tag 0x" + Integer.toHexString(tag));
        };
        return new Entry.Item(new Frame(number, tid, event));
    }

    private static void regs(Encoder out, Registers regs) {
        for (int i = 0; i < Registers.COUNT; i++) {
            out.i64(regs.get(i));
        }
    }

    private static Registers regs(Decoder in) throws MalformedDataException {
        long[] words = new long[Registers.COUNT];
        for (int i = 0; i < words.length; i++) {
            words[i] = in.i64();
        }
        return Registers.of(words);
    }

    private static void regsDelta(Encoder out, Registers base, Registers regs) {
        int mask = 0;
        for (int i = 0; i < Registers.COUNT; i++) {
            if (regs.get(i) != base.get(i)) {
                mask |= 1 << i;
            }
        }
        out.i32(mask);
        for (int i = 0; i < Registers.COUNT; i++) {
            if ((mask & (1 << i)) != 0) {
                out.i64(regs.get(i));
            }
        }
    }

    private static Registers regsDelta(Decoder in, Registers base) throws MalformedDataException {
        int mask = in.i32();
        if ((mask >>> Registers.COUNT) != 0) {
            throw new MalformedDataException("bad register mask 0x" + Integer.toHexString(mask));
        }
        long[] words = base.toArray();
        for (int i = 0; i < Registers.COUNT; i++) {
            if ((mask & (1 << i)) != 0) {
                words[i] = in.i64();
            }
        }
        return Registers.of(words);
    }

    private static void mapping(Encoder out, Mapping m) {
        out.i64(m.start()).i64(m.end()).i32(m.prot()).i32(m.flags()).i64(m.offset()).str(m.name())
                .str(m.traceFile());
    }

    private static List<Mapping> mappings(Decoder in) throws MalformedDataException {
        int n = in.count(MAPPING_MIN_BYTES);
        List<Mapping> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new Mapping(in.i64(), in.i64(), in.i32(), in.i32(), in.i64(), in.str(), in.str()));
        }
        return list;
    }

    private static void memWrites(Encoder out, List<MemWrite> writes) {
        out.i32(writes.size());
        for (MemWrite w : writes) {
            out.i64(w.address()).bytes(w.length(), w::copyTo);
        }
    }

    private static List<MemWrite> memWrites(Decoder in) throws MalformedDataException {
        int n = in.count(MEMWRITE_MIN_BYTES);
        List<MemWrite> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new MemWrite(in.i64(), in.bytes()));
        }
        return list;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String name) throws MalformedDataException {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException("unknown " + type.getSimpleName() + " '" + name + "'");
        }
    }
}
