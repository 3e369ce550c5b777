package org.jrr.api.trace;

/**
 * What became of a file mapped shared at this point of the task's run, right after its previous event: bytes a
 * write put there (replay writes them into its emulated copy, so every shared mapping of it shows them at once), the
 * size it has now, and a digest of its contents, which replay compares, so a mapping that differs from the
 * recording's stops the replay here, naming the file, instead of replaying silently wrong.
 *
 * @param file   the file
 * @param offset where {@code data} goes in the file
 * @param data   the file's bytes there after the change (empty: none changed)
 * @param size   the file's size after the change; -1 where it did not change
 * @param digest the CRC-32C of the whole file's contents here; -1 where not checked
 */
public record FileEvent(FileId file, long offset, byte[] data, long size, long digest) implements Event {
    public FileEvent {
        data = data.clone();
    }

    /** A check only: no bytes changed. */
    public static FileEvent check(FileId file, long digest) {
        return new FileEvent(file, 0, new byte[0], -1, digest);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileEvent f && f.file.equals(file) && f.offset == offset && f.size == size
                && f.digest == digest && java.util.Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return file.hashCode() * 31 + Long.hashCode(offset) + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FileEvent[" + file + " @" + offset + " " + data.length + " bytes, size " + size + ", digest "
                + digest + "]";
    }

    @Override
    public String kind() {
        return "file";
    }
}
