package org.jrr.hpc.perf.counter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The core PMU as the kernel lists it under {@code /sys/bus/event_source/devices}: {@code cpu} normally,
 * {@code cpu_core} on Intel hybrid CPUs, whose E-cores have a second PMU ({@code cpu_atom}) with other events.
 * Its {@code type} is what perf_event_attr.type must name for raw events.
 *
 * @param name the sysfs directory name
 * @param type the perf type number (4, PERF_TYPE_RAW, for {@code cpu})
 * @param cpus the CPUs it exists on, for a hybrid PMU (e.g. "0-15"), else ""
 */
public record Pmu(String name, int type, String cpus) {
    public static final Path DEVICES = Path.of("/sys/bus/event_source/devices");
    /** PERF_TYPE_RAW: the type of the {@code cpu} PMU, and the one to try when sysfs says nothing. */
    public static final int TYPE_RAW = 4;

    /** Only on the CPUs in {@link #cpus}: tracer and tracees must be pinned there. */
    public boolean hybrid() {
        return !cpus.isEmpty();
    }

    /** The core PMU, or empty when the kernel lists none (no hardware PMU, or no sysfs). */
    public static Optional<Pmu> find(Path devices) {
        // cpu_core first: on a hybrid CPU the branch events jrr uses are the big cores' ones.
        for (String name : List.of("cpu_core", "cpu")) {
            Path dir = devices.resolve(name);
            Optional<Integer> type = readInt(dir.resolve("type"));
            if (type.isPresent()) {
                String cpus = name.equals("cpu") ? "" : read(dir.resolve("cpus")).orElse("?");
                return Optional.of(new Pmu(name, type.get(), cpus));
            }
        }
        return Optional.empty();
    }

    /** The PMUs the kernel does list, for messages ("breakpoint, software, tracepoint"). */
    public static List<String> listed(Path devices) {
        try (Stream<Path> s = Files.list(devices)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> readInt(Path file) {
        try {
            return read(file).map(Integer::valueOf);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
