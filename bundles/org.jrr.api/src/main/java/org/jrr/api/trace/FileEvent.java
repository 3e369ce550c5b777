package org.jrr.api.trace;

/**
 * What became of a file mapped shared at this point of the task's run, right after its previous event: bytes put
 * there (replay writes them into its emulated copy, so every shared mapping of it shows them at once), the size it
 * has now, and a digest of its contents, which replay compares, so a mapping that differs from the recording's
 * stops the replay here, naming the file, instead of replaying silently wrong.
 *
 * @param file    the file
 * @param origin  why the event is here
 * @param offset  where {@code data} goes in the file
 * @param data    the file's bytes there after the change (empty: none changed)
 * @param size    the file's size after the change; -1 where it did not change
 * @param digest  the CRC-32C of the whole file's contents here; -1 where not checked
 * @param outside the recording warned that the file is written both by its tasks and from outside it, which replay
 *                cannot reproduce: a divergence names it
 */
public record FileEvent(FileId file, Origin origin, long offset, byte[] data, long size, long digest, boolean outside)
        implements Event {
    /** Why a file event is in the trace. */
    public enum Origin {
        /** A task of the recording wrote the file through a descriptor (write, pwrite, ftruncate, ...). */
        WRITE,
        /**
         * A change made from outside the recording, forwarded at this point into the copy the recorded tasks map (a
         * shadow mapping): they saw it from here on.
         */
        FORWARD,
        /** No change: the contents are checked here. */
        CHECK
    }

    public FileEvent {
        data = data.clone();
    }

    /** A recorded task's write through a descriptor. */
    public FileEvent(FileId file, long offset, byte[] data, long size, long digest) {
        this(file, Origin.WRITE, offset, data, size, digest, false);
    }

    /** A check only: no bytes changed. */
    public static FileEvent check(FileId file, long digest) {
        return new FileEvent(file, Origin.CHECK, 0, new byte[0], -1, digest, false);
    }

    /** This event, marked as being about a file written both inside and outside the recording. */
    public FileEvent markedOutside() {
        return new FileEvent(file, origin, offset, data, size, digest, true);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** How many bytes {@link #data} holds, without copying them. */
    public int length() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileEvent f && f.file.equals(file) && f.origin == origin && f.offset == offset
                && f.size == size && f.digest == digest && f.outside == outside
                && java.util.Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return file.hashCode() * 31 + Long.hashCode(offset) + java.util.Arrays.hashCode(data) + origin.hashCode();
    }

    @Override
    public String toString() {
        return "FileEvent[" + file + " " + origin + " @" + offset + " " + data.length + " bytes, size " + size
                + ", digest " + digest + (outside ? ", written outside too" : "") + "]";
    }

    @Override
    public String kind() {
        return "file";
    }
}
