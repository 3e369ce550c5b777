package org.jrr.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.jrr.api.session.TraceInfo;
import picocli.CommandLine.Command;

/** {@code jrr ls}: the traces in the trace store. */
@Command(name = "ls", description = "List the traces in the trace store.")
final class LsCommand extends ServiceUser implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Override
    public Integer call() {
        var store = services.needStore();
        System.out.printf("%-32s %10s  %-19s  %s%n", "NAME", "SIZE", "RECORDED", "CODEC");
        for (TraceInfo t : store.list()) {
            System.out.printf("%-32s %10s  %-19s  %s%s%n", t.name(), human(t.sizeBytes()),
                    TIME.format(Instant.ofEpochMilli(t.modifiedMillis())), t.codec(), t.latest() ? "  (latest)" : "");
        }
        return 0;
    }

    static String human(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        String[] units = {"B", "KiB", "MiB", "GiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format("%.1f %s", v, units[u]);
    }
}
