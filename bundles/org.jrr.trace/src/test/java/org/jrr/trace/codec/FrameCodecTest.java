package org.jrr.trace.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.jrr.api.arch.Registers;
import org.jrr.api.trace.Event;
import org.jrr.api.trace.Frame;
import org.jrr.api.trace.SyscallEvent;
import org.jrr.trace.Samples;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private final Random random = new Random(42);

    private static byte[] encode(Frame f) {
        Encoder out = new Encoder(16);
        FrameCodec.write(f, out);
        return out.toByteArray();
    }

    @Test
    void everyEventKindRoundTrips() throws Exception {
        for (Frame f : Samples.frames(Samples.everyKind(random))) {
            Decoder in = new Decoder(encode(f));
            Entry.Item item = assertInstanceOf(Entry.Item.class, FrameCodec.read(in));
            assertEquals(f, item.frame(), f.event().kind());
            assertFalse(in.hasRemaining(), "frame " + f.number() + " left bytes unread");
        }
    }

    @Test
    void framesFollowEachOtherInOneBuffer() throws Exception {
        List<Frame> frames = Samples.frames(Samples.everyKind(random));
        Encoder out = new Encoder(16);
        frames.forEach(f -> FrameCodec.write(f, out));
        FrameCodec.writeEnd(frames.size(), out);
        Decoder in = new Decoder(out.toByteArray());
        for (Frame f : frames) {
            assertEquals(new Entry.Item(f), FrameCodec.read(in));
        }
        assertEquals(new Entry.End(frames.size()), FrameCodec.read(in));
        assertFalse(in.hasRemaining());
    }

    @Test
    void syscallExitStoresOnlyChangedRegisters() {
        Registers entry = Samples.regs(random);
        Frame same = new Frame(1, 1, new SyscallEvent(39, entry, entry, List.of(), null, null));
        Frame changed = new Frame(1, 1, new SyscallEvent(39, entry, entry.with(Registers.RAX, 7), List.of(),
                null, null));
        // full entry registers, then a mask plus one word instead of 27 words
        assertEquals(encode(same).length + 8, encode(changed).length);
        assertTrue(encode(same).length < 1 + 8 + 4 + 4 + 2 * Registers.COUNT * 8);
    }

    @Test
    void everyTruncationIsMalformedNeverAnotherException() {
        for (Event e : Samples.everyKind(random)) {
            byte[] b = encode(new Frame(5, 6, e));
            // every cut near the ends (all the small fields), a sample in the middle of big byte arrays
            for (int cut = 0; cut < b.length; cut += cut < 2048 || cut > b.length - 2048 ? 1 : 997) {
                Decoder in = new Decoder(b, 0, cut);
                int at = cut;
                assertThrows(MalformedDataException.class, () -> FrameCodec.read(in), e.kind() + " cut at " + at);
            }
        }
    }

    @Test
    void unknownTagIsMalformed() {
        byte[] b = encode(new Frame(1, 1, new org.jrr.api.trace.ExitEvent(0)));
        b[0] = 0x42;
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> FrameCodec.read(new Decoder(b)));
        assertTrue(e.getMessage().contains("0x42"), e.getMessage());
    }

    @Test
    void absurdCountsAreMalformed() {
        Encoder out = new Encoder(16);
        out.u8(FrameCodec.EXEC).i64(1).i32(1).str("/bin/true").str("x86_64");
        for (int i = 0; i < Registers.COUNT; i++) {
            out.i64(i);
        }
        out.i32(Integer.MAX_VALUE); // mappings: would be a huge allocation if trusted
        MalformedDataException e = assertThrows(MalformedDataException.class,
                () -> FrameCodec.read(new Decoder(out.toByteArray())));
        assertTrue(e.getMessage().contains("count"), e.getMessage());
    }

    @Test
    void unknownEnumNameIsMalformed() {
        Encoder out = new Encoder(16);
        out.u8(FrameCodec.TRAP).i64(1).i32(1).str("RDRAND");
        assertThrows(MalformedDataException.class, () -> FrameCodec.read(new Decoder(out.toByteArray())));
    }

    @Test
    void badRegisterMaskIsMalformed() {
        Encoder out = new Encoder(16);
        out.u8(FrameCodec.TRAP).i64(1).i32(1).str("RDTSC");
        for (int i = 0; i < Registers.COUNT; i++) {
            out.i64(i);
        }
        out.i32(1 << Registers.COUNT);
        assertThrows(MalformedDataException.class, () -> FrameCodec.read(new Decoder(out.toByteArray())));
    }
}
