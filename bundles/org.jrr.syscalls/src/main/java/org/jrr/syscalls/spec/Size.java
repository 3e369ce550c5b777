package org.jrr.syscalls.spec;

import java.io.IOException;
import java.util.OptionalLong;
import org.jrr.api.syscall.SyscallCall;

/**
 * A length in bytes (or a count), computed at syscall exit. Values are unsigned: an argument of -1 (SIZE_MAX) is
 * larger than any result. A value that does not fit in a signed long is treated as invalid by the out-parameters
 * (nothing is recorded).
 */
public sealed interface Size {

    long eval(CallContext ctx) throws IOException;

    /**
     * An upper bound known at syscall entry, from the arguments alone (a result or a length the kernel writes
     * back is not known yet); empty when there is none. {@code abi} may be null.
     */
    default OptionalLong bound(SyscallCall call, Abi abi) {
        return OptionalLong.empty();
    }

    /** A constant. */
    record Const(long value) implements Size {
        @Override
        public long eval(CallContext ctx) {
            return value;
        }

        @Override
        public OptionalLong bound(SyscallCall call, Abi abi) {
            return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
        }
    }

    /** The raw value of argument {@code index} (0-5). */
    record Arg(int index) implements Size {
        public Arg {
            checkArg(index);
        }

        @Override
        public long eval(CallContext ctx) {
            return ctx.call().arg(index);
        }

        @Override
        public OptionalLong bound(SyscallCall call, Abi abi) {
            long v = call.arg(index);
            return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
        }
    }

    /** The syscall's result; 0 when the call failed (seen only by specs that record interrupted calls). */
    record Result() implements Size {
        @Override
        public long eval(CallContext ctx) {
            return ctx.call().failed() ? 0 : ctx.call().result();
        }
    }

    /** The size of a C type on the call's ABI. */
    record SizeOf(CType type) implements Size {
        @Override
        public long eval(CallContext ctx) {
            return ctx.abi().sizeOf(type);
        }

        @Override
        public OptionalLong bound(SyscallCall call, Abi abi) {
            return abi == null ? OptionalLong.empty() : OptionalLong.of(abi.sizeOf(type));
        }
    }

    /** The ABI's page size. */
    record PageSize() implements Size {
        @Override
        public long eval(CallContext ctx) {
            return ctx.abi().pageSize();
        }

        @Override
        public OptionalLong bound(SyscallCall call, Abi abi) {
            return abi == null ? OptionalLong.empty() : OptionalLong.of(abi.pageSize());
        }
    }

    /**
     * The unsigned integer of C type {@code type} ({@link CType#INT} or {@link CType#LONG}) that argument
     * {@code pointerArg} points to, read after the call: a length the kernel wrote back (socklen_t *). 0 when the
     * pointer is null.
     */
    record Deref(int pointerArg, CType type) implements Size {
        public Deref {
            checkArg(pointerArg);
            if (type != CType.INT && type != CType.LONG && type != CType.U64) {
                throw new IllegalArgumentException("cannot dereference " + type.cName() + " as a length");
            }
        }

        @Override
        public long eval(CallContext ctx) throws IOException {
            long pointer = ctx.call().arg(pointerArg);
            if (pointer == 0) {
                return 0;
            }
            return switch (type) {
                case INT -> Integer.toUnsignedLong(ctx.memory().readInt(pointer));
                case LONG -> ctx.abi().readWord(ctx.memory(), pointer);
                default -> ctx.memory().readLong(pointer);
            };
        }
    }

    /** The smaller of two unsigned values. */
    record Min(Size a, Size b) implements Size {
        @Override
        public long eval(CallContext ctx) throws IOException {
            long x = a.eval(ctx);
            long y = b.eval(ctx);
            return Long.compareUnsigned(x, y) <= 0 ? x : y;
        }

        /** Either bound bounds the minimum. */
        @Override
        public OptionalLong bound(SyscallCall call, Abi abi) {
            OptionalLong x = a.bound(call, abi);
            OptionalLong y = b.bound(call, abi);
            if (x.isPresent() && y.isPresent()) {
                return OptionalLong.of(Math.min(x.getAsLong(), y.getAsLong()));
            }
            return x.isPresent() ? x : y;
        }
    }

    /** A product; an overflow gives an invalid (negative) value. */
    record Mul(Size a, Size b) implements Size {
        @Override
        public long eval(CallContext ctx) throws IOException {
            long x = a.eval(ctx);
            long y = b.eval(ctx);
            if (x < 0 || y < 0) {
                return -1;
            }
            long high = Math.multiplyHigh(x, y);
            long product = x * y;
            return high != 0 || product < 0 ? -1 : product;
        }

        @Override
        public OptionalLong bound(SyscallCall call, Abi abi) {
            OptionalLong x = a.bound(call, abi);
            OptionalLong y = b.bound(call, abi);
            if (x.isEmpty() || y.isEmpty() || Math.multiplyHigh(x.getAsLong(), y.getAsLong()) != 0
                    || x.getAsLong() * y.getAsLong() < 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(x.getAsLong() * y.getAsLong());
        }
    }

    /** A sum; an overflow gives an invalid (negative) value. */
    record Add(Size a, Size b) implements Size {
        @Override
        public long eval(CallContext ctx) throws IOException {
            long x = a.eval(ctx);
            long y = b.eval(ctx);
            if (x < 0 || y < 0) {
                return -1;
            }
            long sum = x + y;
            return sum < 0 ? -1 : sum;
        }

        @Override
        public OptionalLong bound(SyscallCall call, Abi abi) {
            OptionalLong x = a.bound(call, abi);
            OptionalLong y = b.bound(call, abi);
            if (x.isEmpty() || y.isEmpty() || x.getAsLong() + y.getAsLong() < 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(x.getAsLong() + y.getAsLong());
        }
    }

    /** {@code ceil(a / b)}, unsigned; 0 when {@code b} is 0. */
    record CeilDiv(Size a, Size b) implements Size {
        @Override
        public long eval(CallContext ctx) throws IOException {
            long x = a.eval(ctx);
            long y = b.eval(ctx);
            if (y == 0) {
                return 0;
            }
            long q = Long.divideUnsigned(x, y);
            return Long.remainderUnsigned(x, y) == 0 ? q : q + 1;
        }

        @Override
        public OptionalLong bound(SyscallCall call, Abi abi) {
            OptionalLong x = a.bound(call, abi);
            OptionalLong y = b.bound(call, abi);
            if (x.isEmpty() || y.isEmpty() || y.getAsLong() == 0) {
                return OptionalLong.empty();
            }
            long q = x.getAsLong() / y.getAsLong();
            return OptionalLong.of(x.getAsLong() % y.getAsLong() == 0 ? q : q + 1);
        }
    }

    private static void checkArg(int index) {
        if (index < 0 || index > 5) {
            throw new IllegalArgumentException("syscall argument index " + index + " is not in 0..5");
        }
    }
}
