package org.jrr.gdb.server;

import org.jrr.api.debug.Stop;
import org.jrr.gdb.packet.Inbound;

/** What the session's loop waits for: input from the client, or the end of a resume. */
sealed interface Event {
    record Received(Inbound inbound) implements Event {
    }

    record Resumed(Stop stop) implements Event {
    }

    record ResumeFailed(RuntimeException error) implements Event {
    }
}
