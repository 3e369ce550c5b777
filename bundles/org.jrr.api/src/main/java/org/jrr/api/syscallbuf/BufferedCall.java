package org.jrr.api.syscallbuf;

/**
 * One record: a syscall the library made, with its arguments as the kernel saw them (out-pointers aimed into the
 * buffer), its result, the bytes the record takes, and how many of them are what the kernel wrote.
 */
public record BufferedCall(int number, long[] args, long result, int size, int written) {
    public BufferedCall {
        args = args.clone();
    }

    @Override
    public long[] args() {
        return args.clone();
    }
}
