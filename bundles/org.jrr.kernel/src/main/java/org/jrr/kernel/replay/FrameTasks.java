package org.jrr.kernel.replay;

import java.util.Arrays;

/** Which task replayed each frame, as far as the replay has gone (frame numbers are dense enough for an array). */
final class FrameTasks {
    private int[] tids = new int[1024];
    private long last = -1;

    void put(long frame, int tid) {
        if (frame >= Integer.MAX_VALUE - 8) {
            return; // beyond what an array holds: stepping back from there starts further back
        }
        if (frame >= tids.length) {
            tids = Arrays.copyOf(tids, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(frame + 1, tids.length * 2L)));
        }
        tids[(int) frame] = tid;
        last = Math.max(last, frame);
    }

    int get(long frame) {
        return frame >= 0 && frame < tids.length ? tids[(int) frame] : 0;
    }

    /**
     * The frame {@code count} frames of {@code tid} back from {@code before} (exclusive): 1 is its last frame
     * before it. The earliest one found if it has fewer; -1 if none.
     */
    long back(long before, int tid, int count) {
        long found = -1;
        int seen = 0;
        for (long f = Math.min(before, tids.length) - 1; f >= 0 && seen < count; f--) {
            if (tids[(int) f] == tid) {
                found = f;
                seen++;
            }
        }
        return found;
    }
}
