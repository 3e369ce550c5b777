package org.jrr.gdb.server;

import java.util.List;
import org.jrr.api.debug.Resume;

/** What the session does for a packet. */
sealed interface Action {
    /** Send these packets (usually one reply; console output packets come before it). */
    record Send(List<String> packets) implements Action {
    }

    /** Resume the replay; the stop reply follows when it stops. */
    record Run(Resume how) implements Action {
    }

    /** Resume a diversion (a copy of a task gdb changed); the stop reply follows when it stops. */
    record RunDiverted(org.jrr.api.debug.Diversion diversion, Resume how) implements Action {
    }

    /** Take the replay elsewhere (vRun); the stop reply follows when it is there. */
    record Restart(org.jrr.api.debug.Restart where) implements Action {
    }

    /** Send these packets, then end the session (detach, kill). */
    record End(List<String> packets) implements Action {
    }

    static Action reply(String packet) {
        return new Send(List.of(packet));
    }

    static Action error() {
        return reply(Replies.ERROR);
    }
}
