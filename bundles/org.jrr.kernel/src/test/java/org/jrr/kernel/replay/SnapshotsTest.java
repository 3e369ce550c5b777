package org.jrr.kernel.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jrr.api.JrrException;
import org.junit.jupiter.api.Test;

class SnapshotsTest {
    private static Snapshots.Kept kept(long frame) {
        return new Snapshots.Kept(new Snapshot(frame, null, List.of(), 1, null, java.util.Map.of()), true, 0, 0);
    }

    /** Takes a snapshot wherever one is due, from frame 1 to {@code to}; returns the frames kept. */
    private static List<Long> replay(Snapshots s, long to) {
        for (long f = 1; f <= to; f++) {
            if (s.due(f)) {
                s.add(f, kept(f));
            }
        }
        List<Long> frames = new ArrayList<>();
        for (long f = 1; f <= to; f++) {
            if (s.at(f) != null) {
                frames.add(f);
            }
        }
        return frames;
    }

    @Test
    void oneEveryIntervalFrames() {
        Snapshots s = new Snapshots(10, 100);
        assertEquals(List.of(10L, 20L, 30L, 40L), replay(s, 45));
        assertFalse(s.due(40), "one is kept there already");
        assertEquals(30, s.atOrBefore(39).snapshot().frame);
        assertEquals(40, s.atOrBefore(40).snapshot().frame);
        assertNull(s.atOrBefore(9));
    }

    @Test
    void thinningKeepsThemSpreadAndTheLatest() {
        Snapshots s = new Snapshots(10, 4);
        List<Long> frames = replay(s, 200);
        assertEquals(4, frames.size(), frames::toString);
        assertEquals(200, frames.get(3));
        for (int i = 1; i < frames.size(); i++) {
            long gap = frames.get(i) - frames.get(i - 1);
            assertTrue(gap >= 20 && gap <= 80, "spread out: " + frames);
        }
    }

    @Test
    void checkpointFramesAreTakenAndKept() {
        Snapshots s = new Snapshots(0, 2);
        s.pin(7);
        s.pin(13);
        assertEquals(List.of(7L, 13L), replay(s, 30));
        s.unpin(7);
        assertFalse(s.due(8), "no automatic ones with an interval of 0");
        assertEquals(7, s.atOrBefore(12).snapshot().frame);
    }

    @Test
    void theIntervalSettingIsANumberOfEvents() {
        assertEquals(5000, Snapshots.interval(null));
        assertEquals(5000, Snapshots.interval(" "));
        assertEquals(0, Snapshots.interval("0"));
        assertEquals(12, Snapshots.interval(" 12 "));
        for (String bad : List.of("ten", "-3", "1e3")) {
            JrrException e = assertThrows(JrrException.class, () -> Snapshots.interval(bad));
            assertTrue(e.getMessage().contains("JRR_CHECKPOINT_INTERVAL") && e.getMessage().contains(bad),
                    e.getMessage());
        }
    }

    @Test
    void noneAfterAFailure() {
        Snapshots s = new Snapshots(1, 10);
        s.broken();
        assertEquals(List.of(), replay(s, 5));
    }
}
