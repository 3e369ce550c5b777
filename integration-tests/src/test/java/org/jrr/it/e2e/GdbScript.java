package org.jrr.it.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code jrr replay -- -batch -nx -ex …} on a trace, and reads gdb's printed values. */
final class GdbScript {
    private GdbScript() {
    }

    static Jrr.Result run(Jrr jrr, String... commands) throws Exception {
        return run(jrr, Map.of(), commands);
    }

    static Jrr.Result run(Jrr jrr, Map<String, String> env, String... commands) throws Exception {
        List<String> args = new ArrayList<>(List.of("replay", "--", "-batch", "-nx"));
        for (String c : commands) {
            args.add("-ex");
            args.add(c);
        }
        return jrr.runWith(env, null, args.toArray(String[]::new));
    }

    /** The values of gdb's {@code $N = value} lines that are whole numbers, in order. */
    static List<String> values(String out) {
        List<String> v = new ArrayList<>();
        Matcher m = Pattern.compile("\\$\\d+ = (-?\\d+)").matcher(out);
        while (m.find()) {
            v.add(m.group(1));
        }
        return v;
    }
}
