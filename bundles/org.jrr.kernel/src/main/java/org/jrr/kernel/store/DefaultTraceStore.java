package org.jrr.kernel.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jrr.api.JrrException;
import org.jrr.api.session.TraceInfo;
import org.jrr.api.session.TraceStore;
import org.jrr.api.trace.TraceCodec;
import org.jrr.api.trace.TraceReader;
import org.jrr.kernel.services.KernelServices;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Traces live in {@code $JRR_TRACE_DIR}, else {@code $XDG_DATA_HOME/jrr}, else {@code ~/.local/share/jrr}, as
 * {@code <exe>-<n>} directories with a {@code latest-trace} link. Each has a {@code version} file naming the
 * codec that wrote it, so any installed codec's traces can be opened.
 */
@Component(service = {TraceStore.class, DefaultTraceStore.class})
public final class DefaultTraceStore implements TraceStore {
    static final String VERSION_FILE = "version";
    static final String LATEST = "latest-trace";
    /**
     * A trace holds the program's environment and every byte it read: for its owner only, whatever the umask.
     */
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"));
    private final KernelServices services;

    @Activate
    public DefaultTraceStore(@Reference KernelServices services) {
        this.services = services;
    }

    @Override
    public Path root() {
        String dir = System.getenv("JRR_TRACE_DIR");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local",
                "share");
        return base.resolve("jrr");
    }

    /** Makes a new, empty trace directory (explicit, or the next {@code <exe>-<n>}) and its version file. */
    public Path create(Path explicit, String exeName, TraceCodec codec) {
        try {
            Path dir;
            if (explicit != null) {
                dir = explicit.toAbsolutePath();
                if (Files.exists(dir) && !isEmptyDir(dir)) {
                    throw new JrrException("cannot record into " + dir + ": it exists and is not empty");
                }
                Files.createDirectories(dir, PRIVATE_DIR);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------")); // an empty one given
            } else {
                Path root = root();
                Files.createDirectories(root);
                dir = nextFree(root, exeName);
            }
            Files.writeString(Files.createFile(dir.resolve(VERSION_FILE), PRIVATE_FILE), "jrr-trace "
                    + codec.formatVersion() + " " + codec.name() + "\n", StandardCharsets.UTF_8);
            if (explicit == null) {
                pointLatestAt(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new JrrException("cannot create a trace directory under " + root() + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static Path nextFree(Path root, String exeName) throws IOException {
        Pattern p = Pattern.compile(Pattern.quote(exeName) + "-(\\d+)");
        int next = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path e : ds) {
                Matcher m = p.matcher(e.getFileName().toString());
                if (m.matches()) {
                    next = Math.max(next, Integer.parseInt(m.group(1)) + 1);
                }
            }
        }
        while (true) {
            Path dir = root.resolve(exeName + "-" + next);
            try {
                return Files.createDirectory(dir, PRIVATE_DIR);
            } catch (FileAlreadyExistsException e) {
                next++; // another jrr took it
            }
        }
    }

    private static void pointLatestAt(Path dir) throws IOException {
        Path root = dir.getParent();
        Path tmp = root.resolve(LATEST + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, dir.getFileName());
        Files.move(tmp, root.resolve(LATEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public Path resolve(String nameOrPath) {
        Path p;
        if (nameOrPath == null) {
            p = root().resolve(LATEST);
            if (!Files.exists(p)) {
                throw new JrrException("no trace to replay: " + root() + " has no latest trace (record one first)");
            }
        } else {
            Path asPath = Path.of(nameOrPath);
            p = nameOrPath.contains("/") || Files.exists(asPath) ? asPath : root().resolve(nameOrPath);
            if (!Files.exists(p)) {
                throw new JrrException("no such trace: " + nameOrPath);
            }
        }
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new JrrException("cannot open trace " + p + ": " + e.getMessage(), e);
        }
    }

    /** The codec name and format version a trace's version file declares. */
    public String[] version(Path trace) {
        Path v = trace.resolve(VERSION_FILE);
        if (!Files.isDirectory(trace)) {
            throw new JrrException(trace + " is not a jrr trace (not a directory)");
        }
        if (!Files.isRegularFile(v)) {
            throw new JrrException(trace + " is not a jrr trace (it has no version file)");
        }
        try {
            String[] f = Files.readString(v, StandardCharsets.UTF_8).trim().split("\\s+");
            if (f.length != 3 || !f[0].equals("jrr-trace") || !f[1].matches("\\d{1,9}")) {
                throw new JrrException(trace + " is not a jrr trace (bad version file " + v + ")");
            }
            return new String[] {f[2], f[1]};
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new JrrException(trace + " is not a jrr trace, or a damaged one (its version file " + v
                    + " is not text)", e);
        } catch (IOException | UncheckedIOException e) {
            throw new JrrException("cannot read " + v + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TraceReader open(Path trace) {
        String[] v = version(trace);
        TraceCodec codec = services.codec(v[0]);
        if (codec.formatVersion() != Integer.parseInt(v[1])) {
            throw new JrrException("trace " + trace + " has format " + v[0] + " version " + v[1]
                    + ", but this jrr reads version " + codec.formatVersion());
        }
        try {
            return codec.open(trace);
        } catch (IOException e) {
            throw new JrrException(e.getMessage(), e);
        }
    }

    @Override
    public List<TraceInfo> list() {
        Path root = root();
        List<TraceInfo> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        Path latest = null;
        try {
            latest = root.resolve(LATEST).toRealPath();
        } catch (IOException ignored) {
            // no latest trace
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path dir : ds) {
                if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        || !Files.isRegularFile(dir.resolve(VERSION_FILE))) {
                    continue;
                }
                String codec;
                try {
                    codec = version(dir)[0];
                } catch (JrrException e) {
                    codec = "?";
                }
                out.add(new TraceInfo(dir.getFileName().toString(), dir, codec, size(dir),
                        Files.getLastModifiedTime(dir).toMillis(), dir.toRealPath().equals(latest)));
            }
        } catch (IOException e) {
            throw new JrrException("cannot list " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparingLong(TraceInfo::modifiedMillis).thenComparing(TraceInfo::name));
        return out;
    }

    private static long size(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
