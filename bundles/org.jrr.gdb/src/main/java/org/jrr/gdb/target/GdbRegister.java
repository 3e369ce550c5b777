package org.jrr.gdb.target;

/**
 * One register of a target description.
 *
 * @param regnum  gdb's number for it, which is also its place in the {@code g} packet
 * @param group   gdb's register group, or null for the type's default
 */
public record GdbRegister(int regnum, String name, int bitsize, String type, String group, RegisterSource source) {
    public int size() {
        return bitsize / 8;
    }
}
