package org.jrr.api.syscall;

/**
 * A 32-bit word the kernel stores in a program's memory on its own (not as an out-parameter at the call's end).
 *
 * @param address where
 * @param value   what
 */
public record WordStore(long address, int value) {
}
