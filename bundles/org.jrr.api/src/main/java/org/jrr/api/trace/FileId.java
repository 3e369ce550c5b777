package org.jrr.api.trace;

/**
 * A file the recording mapped shared (or an emulated one), as replay knows it: one emulated copy per id, which every
 * shared mapping of that file shows and every recorded change to it updates.
 *
 * @param dev  the device of the file when recorded
 * @param ino  its inode
 * @param path its path at its first shared mapping (for messages)
 */
public record FileId(long dev, long ino, String path) {
}
