package org.jrr.api.trace;

/**
 * Bytes the task's syscall moved to descriptor {@code fd} from outside its memory (a file copied to stdout with
 * {@code copy_file_range}, {@code sendfile} or {@code splice}), right after its frame. Replay prints them where that
 * descriptor is stdout or stderr, as it prints what the program writes from its memory.
 *
 * @param fd   the descriptor written
 * @param data what was written to it
 */
public record OutputEvent(int fd, byte[] data) implements Event {
    public OutputEvent {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputEvent e && e.fd == fd && java.util.Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return fd * 31 + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "OutputEvent[fd " + fd + ", " + data.length + " bytes]";
    }

    @Override
    public String kind() {
        return "output";
    }
}
