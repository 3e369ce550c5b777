package org.jrr.gdb.server;

import java.util.ArrayList;
import java.util.List;
import org.jrr.gdb.packet.MalformedPacketException;

/**
 * One action of a {@code vCont} packet: {@code c}, {@code C<sig>}, {@code s}, {@code S<sig>} (others are parsed so
 * they can be refused), for one thread or, when {@code thread} is null, for all threads not named before.
 */
record VContAction(char kind, ThreadId thread) {
    boolean isStep() {
        return kind == 's' || kind == 'S';
    }

    boolean isContinue() {
        return kind == 'c' || kind == 'C';
    }

    /** Parses what follows {@code vCont;}. Signals of {@code C}/{@code S} are dropped: a replay cannot inject. */
    static List<VContAction> parse(String actions) {
        List<VContAction> out = new ArrayList<>();
        for (String a : actions.split(";", -1)) {
            if (a.isEmpty()) {
                throw new MalformedPacketException("empty vCont action");
            }
            int colon = a.indexOf(':');
            String action = colon < 0 ? a : a.substring(0, colon);
            ThreadId thread = colon < 0 ? null : ThreadId.parse(a.substring(colon + 1));
            out.add(new VContAction(action.charAt(0), thread));
        }
        return out;
    }
}
