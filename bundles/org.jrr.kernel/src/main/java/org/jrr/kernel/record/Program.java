package org.jrr.kernel.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jrr.api.JrrException;

/** Finds the program to record, as a shell would, and refuses what cannot be run. */
final class Program {
    private Program() {
    }

    static Path resolve(String name) {
        if (name.isEmpty()) {
            throw new JrrException("no program given");
        }
        if (name.contains("/")) {
            return check(Path.of(name).toAbsolutePath(), name);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
        }
        throw new JrrException("cannot record " + name + ": command not found", null, 127);
    }

    private static Path check(Path p, String name) {
        if (!Files.exists(p)) {
            throw new JrrException("cannot record " + name + ": no such file", null, 127);
        }
        if (Files.isDirectory(p)) {
            throw new JrrException("cannot record " + name + ": it is a directory", null, 126);
        }
        if (!Files.isExecutable(p)) {
            throw new JrrException("cannot record " + name + ": permission denied (not executable)", null, 126);
        }
        try (InputStream in = Files.newInputStream(p)) {
            byte[] h = in.readNBytes(5);
            if (h.length == 5 && h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F' && h[4] == 1) {
                throw new JrrException("cannot record " + name + ": 32-bit programs are not supported yet", null, 126);
            }
        } catch (IOException e) {
            throw new JrrException("cannot record " + name + ": " + e.getMessage(), e, 126);
        }
        return p;
    }
}
