package org.jrr.api.syscall;

/**
 * An out-parameter passed by pointer in a syscall argument, with an upper bound on how much the kernel may write
 * there, known before the call.
 *
 * @param arg       the argument index (0-5) that holds the pointer
 * @param maxLength the most bytes the kernel may write through it
 */
public record OutPointer(int arg, long maxLength) {
}
