package org.jrr.kernel.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jrr.api.JrrException;

/**
 * The snapshots a debugging session keeps, by frame: taken automatically as the replay goes (every
 * {@code interval} frames, or after half a second of replaying, whichever comes first), and at the frames of the
 * user's checkpoints. Automatic ones are thinned out beyond {@code max}, dropping the one whose neighbours are
 * closest, so they stay spread over the recording and dense where it was replayed last. Tracer thread only.
 */
final class Snapshots {
    /** A snapshot with what the debugger knew at its frame. */
    record Kept(Snapshot snapshot, boolean started, int space, long spaceFrame) {
    }

    private static final long TIME_NANOS = 500_000_000L;

    private final long interval;
    private final int max;
    private final TreeMap<Long, Kept> byFrame = new TreeMap<>();
    /** Frames of user checkpoints (how many at each): their snapshots are kept. */
    private final Map<Long, Integer> pins = new HashMap<>();
    private long sinceNanos = System.nanoTime();
    private boolean broken;

    Snapshots(long interval, int max) {
        this.interval = interval;
        this.max = max;
    }

    /** From JRR_CHECKPOINT_INTERVAL (frames; 0: only for checkpoints), else every 5000 frames; 32 at most. */
    static Snapshots fromEnvironment() {
        return new Snapshots(interval(System.getenv("JRR_CHECKPOINT_INTERVAL")), 32);
    }

    static long interval(String setting) {
        if (setting == null || setting.isBlank()) {
            return 5000;
        }
        try {
            long n = Long.parseLong(setting.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new JrrException("JRR_CHECKPOINT_INTERVAL must be a number of events (0: snapshots only at "
                + "checkpoints), not '" + setting + "'");
    }

    /** Whether to take a snapshot before {@code frame}. */
    boolean due(long frame) {
        if (broken || byFrame.containsKey(frame)) {
            return false;
        }
        if (pins.containsKey(frame)) {
            return true;
        }
        if (interval <= 0) {
            return false;
        }
        Long below = byFrame.floorKey(frame);
        long since = frame - (below == null ? 0 : below);
        return since >= interval || System.nanoTime() - sinceNanos >= TIME_NANOS;
    }

    void add(long frame, Kept k) {
        byFrame.put(frame, k);
        sinceNanos = System.nanoTime();
        thin();
    }

    /** The replay runs (again): time counts from now. */
    void running() {
        sinceNanos = System.nanoTime();
    }

    /** Taking one failed: no more are taken (going back replays from the last one, or the start). */
    void broken() {
        broken = true;
    }

    /** The latest snapshot at or before {@code frame}, or null. */
    Kept atOrBefore(long frame) {
        var e = byFrame.floorEntry(frame);
        return e == null ? null : e.getValue();
    }

    Kept at(long frame) {
        return byFrame.get(frame);
    }

    int size() {
        return byFrame.size();
    }

    void pin(long frame) {
        pins.merge(frame, 1, Integer::sum);
    }

    void unpin(long frame) {
        pins.computeIfPresent(frame, (f, n) -> n > 1 ? n - 1 : null);
    }

    /** Drops automatic snapshots beyond {@link #max}: each time the one whose neighbours are closest. */
    private void thin() {
        while (true) {
            List<Long> frames = new ArrayList<>(byFrame.keySet());
            long unpinned = frames.stream().filter(f -> !pins.containsKey(f)).count();
            if (unpinned <= max) {
                return;
            }
            long drop = -1;
            long best = Long.MAX_VALUE;
            for (int i = 0; i < frames.size() - 1; i++) { // never the latest
                long f = frames.get(i);
                if (pins.containsKey(f)) {
                    continue;
                }
                long gap = frames.get(i + 1) - (i == 0 ? 0 : frames.get(i - 1));
                if (gap < best) {
                    best = gap;
                    drop = f;
                }
            }
            if (drop < 0) {
                return;
            }
            byFrame.remove(drop).snapshot().discard();
        }
    }

    void discardAll() {
        byFrame.values().forEach(k -> k.snapshot().discard());
        byFrame.clear();
    }
}
