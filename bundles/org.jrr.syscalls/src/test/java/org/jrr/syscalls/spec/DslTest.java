package org.jrr.syscalls.spec;

import static org.jrr.syscalls.spec.Dsl.arg;
import static org.jrr.syscalls.spec.Dsl.buffer;
import static org.jrr.syscalls.spec.Dsl.bytes;
import static org.jrr.syscalls.spec.Dsl.ceilDiv;
import static org.jrr.syscalls.spec.Dsl.min;
import static org.jrr.syscalls.spec.Dsl.plus;
import static org.jrr.syscalls.spec.Dsl.result;
import static org.jrr.syscalls.spec.Dsl.syscall;
import static org.jrr.syscalls.spec.Dsl.times;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;

import org.jrr.api.syscall.FdEffect;
import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.ReplayAction;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.syscall.TraceeMemory;
import org.junit.jupiter.api.Test;

class DslTest {
    private static final TraceeMemory NO_MEMORY = (address, length) -> {
        throw new IOException("no memory in this test");
    };

    private static long eval(Size size, long result, long... args) throws IOException {
        SyscallCall call = new SyscallCall("x86_64", 0, java.util.Arrays.copyOf(args, 6), result);
        return size.eval(CallContext.of(call, NO_MEMORY));
    }

    @Test
    void sizesAreUnsigned() throws IOException {
        assertEquals(5, eval(min(result(), arg(0)), 5, -1L), "SIZE_MAX is larger than any result");
        assertEquals(3, eval(ceilDiv(arg(0), bytes(4)), 0, 9));
        assertEquals(2, eval(ceilDiv(arg(0), bytes(4)), 0, 8));
        assertEquals(0, eval(ceilDiv(arg(0), bytes(0)), 0, 8));
        assertEquals(-1, eval(times(arg(0), bytes(16)), 0, Long.MAX_VALUE / 8), "overflow is invalid");
        assertEquals(-1, eval(plus(arg(0), bytes(1)), 0, Long.MAX_VALUE), "overflow is invalid");
        assertEquals(0, eval(result(), -14), "a failed call's result counts as 0");
    }

    @Test
    void anInvalidLengthRecordsNothing() throws IOException {
        SyscallSpec spec = syscall("x").out(buffer(1, times(arg(2), bytes(16)))).build();
        SyscallCall call = new SyscallCall("x86_64", 0, new long[] {0, 0x100, Long.MAX_VALUE, 0, 0, 0}, 0);
        assertEquals(List.of(), spec.outputs(call, NO_MEMORY));
        SyscallCall sane = new SyscallCall("x86_64", 0, new long[] {0, 0x100, 2, 0, 0, 0}, 0);
        assertEquals(List.of(new MemRange(0x100, 32)), spec.outputs(sane, NO_MEMORY));
    }

    @Test
    void builderDefaults() {
        SyscallSpec spec = syscall("nothing").build();
        SyscallCall call = new SyscallCall("x86_64", 0, new long[6], 3);
        assertEquals(ReplayAction.EMULATE, spec.replayAction(call));
        assertEquals(FdEffect.NONE, spec.fdEffect(call));
        assertFalse(spec.mayBlock());
        assertEquals(List.of(), spec.outParams());
    }

    @Test
    void argumentIndicesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> arg(6));
        assertThrows(IllegalArgumentException.class, () -> Dsl.deref(1, CType.STAT));
    }
}
