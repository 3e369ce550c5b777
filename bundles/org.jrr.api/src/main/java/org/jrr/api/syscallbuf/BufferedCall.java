package org.jrr.api.syscallbuf;

/**
 * One record: a syscall the library made, with its arguments as the kernel saw them (out-pointers aimed into the
 * buffer, where the bytes the kernel wrote still are) and its result.
 */
public record BufferedCall(int number, long[] args, long result) {
    public BufferedCall {
        args = args.clone();
    }

    @Override
    public long[] args() {
        return args.clone();
    }
}
