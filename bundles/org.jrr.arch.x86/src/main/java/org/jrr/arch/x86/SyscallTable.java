package org.jrr.arch.x86;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One ABI's syscall numbers and names, read from a resource made from the kernel headers and syscall table:
 * lines {@code <number> <name>}, {@code #} comments and blank lines ignored. Immutable.
 */
final class SyscallTable {
    private final String[] names; // indexed by number; null where the ABI has a gap
    private final Map<String, Integer> numbers;

    private SyscallTable(String[] names, Map<String, Integer> numbers) {
        this.names = names;
        this.numbers = numbers;
    }

    /** Loads the table resource {@code resource}, relative to this class's package. */
    static SyscallTable load(String resource) {
        try (InputStream in = SyscallTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("syscall table resource " + resource + " is missing from the bundle");
            }
            return parse(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read syscall table " + resource, e);
        }
    }

    static SyscallTable parse(InputStream in, String source) throws IOException {
        Map<String, Integer> numbers = new HashMap<>();
        Map<Integer, String> byNumber = new HashMap<>();
        int max = -1;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        int lineNo = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNo++;
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            int number;
            try {
                number = fields.length == 2 ? Integer.parseInt(fields[0]) : -1;
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (number < 0) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": expected '<number> <name>', got '" + line + "'");
            }
            String name = fields[1];
            if (byNumber.putIfAbsent(number, name) != null || numbers.putIfAbsent(name, number) != null) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": duplicate syscall " + number + " " + name);
            }
            max = Math.max(max, number);
        }
        if (max < 0) {
            throw new IllegalArgumentException(source + ": no syscalls");
        }
        String[] names = new String[max + 1];
        byNumber.forEach((n, name) -> names[n] = name);
        return new SyscallTable(names, Map.copyOf(numbers));
    }

    /** The name, or {@code syscall_<n>} for a number this ABI does not define. */
    String name(int number) {
        String name = number >= 0 && number < names.length ? names[number] : null;
        return name != null ? name : "syscall_" + number;
    }

    OptionalInt number(String name) {
        Integer n = numbers.get(Objects.requireNonNull(name, "name"));
        return n != null ? OptionalInt.of(n) : OptionalInt.empty();
    }

    int max() {
        return names.length - 1;
    }
}
