package org.jrr.api.syscall;

/** A range of tracee memory a syscall may have written. */
public record MemRange(long address, long length) {
    public MemRange {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
    }
}
