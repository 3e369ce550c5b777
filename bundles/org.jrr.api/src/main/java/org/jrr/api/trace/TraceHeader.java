package org.jrr.api.trace;

import java.util.List;
import java.util.Map;

/**
 * What a trace was made from and with. Replay checks {@code arch}, {@code hpcProvider} and
 * {@code tickSemantics} before it starts.
 *
 * @param arch          the ABI of the first executable, e.g. {@code x86_64}
 * @param hpcProvider   the tick provider the recording used, e.g. {@code none}
 * @param tickSemantics what one tick means for that provider, e.g. {@code none} or {@code rcb}
 * @param argv          the recorded command line
 * @param env           the tracee's initial environment, as {@code NAME=value} strings
 * @param cwd           the working directory
 * @param startMillis   wall-clock start time
 * @param properties    anything else worth keeping (jrr version, host, CPU), free-form
 */
public record TraceHeader(String arch, String hpcProvider, String tickSemantics, List<String> argv,
                          List<String> env, String cwd, long startMillis, Map<String, String> properties) {
    public TraceHeader {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        properties = Map.copyOf(properties);
    }
}
