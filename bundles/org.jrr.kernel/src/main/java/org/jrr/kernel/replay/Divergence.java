package org.jrr.kernel.replay;

import org.jrr.api.JrrException;
import org.jrr.api.arch.Registers;

/** Replay did not do what the recording did: always a bug to find, never something to tolerate. */
public final class Divergence extends JrrException {
    private static final long serialVersionUID = 1L;

    public Divergence(long event, String what) {
        super("replay diverged at event " + event + ": " + what, null, 2);
    }

    private Divergence(String message, Divergence cause) {
        super(message, cause, 2);
    }

    /** This divergence, with a note on its likely cause. */
    public Divergence noting(String note) {
        return new Divergence(getMessage() + "; " + note, this);
    }

    /** Throws when the registers differ, naming every differing register. */
    public static void checkRegisters(long event, String where, Registers recorded, Registers replayed) {
        int[] diff = recorded.differences(replayed);
        if (diff.length == 0) {
            return;
        }
        StringBuilder sb = new StringBuilder("registers differ at ").append(where).append(':');
        for (int i : diff) {
            sb.append(' ').append(Registers.name(i)).append(" recorded 0x").append(Long.toHexString(recorded.get(i)))
                    .append(" replayed 0x").append(Long.toHexString(replayed.get(i)));
        }
        throw new Divergence(event, sb.toString());
    }
}
