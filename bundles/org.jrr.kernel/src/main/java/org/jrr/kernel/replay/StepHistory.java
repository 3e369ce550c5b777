package org.jrr.kernel.replay;

/**
 * The last places where one task stood, in order, collected by stepping it: each is a {@link Mark.Counted}. Kept
 * so that stepping back again and again finds the previous place without stepping everything again.
 */
final class StepHistory {
    private static final int CAPACITY = 1 << 16;

    final int tid;
    private final long[] frames = new long[CAPACITY];
    private final long[] ips = new long[CAPACITY];
    private final long[] ordinals = new long[CAPACITY];
    private long count;

    StepHistory(int tid) {
        this.tid = tid;
    }

    void add(long frame, long ip, long ordinal) {
        int i = (int) (count++ % CAPACITY);
        frames[i] = frame;
        ips[i] = ip;
        ordinals[i] = ordinal;
    }

    boolean isEmpty() {
        return count == 0;
    }

    Mark.Counted last() {
        return at(count - 1);
    }

    /** Drops the last place. */
    void dropLast() {
        if (count > 0) {
            count--;
        }
    }

    /** The place before {@code m}, or null if {@code m} is not kept or is the first kept. */
    Mark.Counted before(Mark.Counted m) {
        if (m.tid() != tid) {
            return null;
        }
        long first = Math.max(0, count - CAPACITY);
        for (long k = count - 1; k > first; k--) {
            Mark.Counted c = at(k);
            if (c.equals(m)) {
                return at(k - 1);
            }
        }
        return null;
    }

    private Mark.Counted at(long k) {
        int i = (int) (k % CAPACITY);
        return new Mark.Counted(frames[i], tid, ips[i], ordinals[i]);
    }
}
