package org.jrr.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * Extracts the native files this bundle ships (launcher, exec stub, helper library) to a cache directory named
 * by their checksum, so a tracee can exec them by path and a rebuilt jrr never runs stale ones.
 */
final class NativeFiles {
    static final String[] NAMES = {"jrr-launch", "jrr-stub", "libjrrnative.so"};

    private NativeFiles() {
    }

    /** Returns the directory holding all {@link #NAMES}, extracting them if needed. */
    static Path extract(Function<String, URL> resources, Path cacheRoot) {
        try {
            Map<String, byte[]> files = new LinkedHashMap<>();
            CRC32 crc = new CRC32();
            for (String name : NAMES) {
                String res = "native/linux-" + archDir() + "/" + name;
                URL url = resources.apply(res);
                if (url == null) {
                    throw new IllegalStateException("jrr is incomplete: the bundle has no " + res);
                }
                try (InputStream in = url.openStream()) {
                    byte[] b = in.readAllBytes();
                    files.put(name, b);
                    crc.update(b);
                }
            }
            Path dir = cacheRoot.resolve(String.format("native-%08x", crc.getValue()));
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path target = dir.resolve(e.getKey());
                if (Files.isRegularFile(target) && Files.size(target) == e.getValue().length) {
                    continue;
                }
                Files.createDirectories(dir);
                // Write then rename: two jrr processes may extract at once.
                Path tmp = Files.createTempFile(dir, e.getKey(), ".tmp");
                Files.write(tmp, e.getValue());
                tmp.toFile().setExecutable(true, false);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException ex) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract jrr's native files to " + cacheRoot + ": " + e.getMessage(), e);
        }
    }

    static String archDir() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "x86-64";
            default -> a;
        };
    }

    static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jrr");
    }
}
