package org.jrr.kernel.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One line of /proc/pid/maps. */
public record MapsEntry(long start, long end, String perms, long offset, long inode, String path) {
    public static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    public static final int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20, MAP_GROWSDOWN = 0x100;

    public static List<MapsEntry> read(int pid) throws IOException {
        List<MapsEntry> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "maps"))) {
            out.add(parse(line));
        }
        return out;
    }

    static MapsEntry parse(String line) {
        // start-end perms offset dev inode [path]; the path may contain spaces
        String[] f = line.trim().split("\\s+", 6);
        String[] range = f[0].split("-");
        return new MapsEntry(Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16), f[1],
                Long.parseUnsignedLong(f[2], 16), Long.parseLong(f[4]), f.length > 5 ? f[5] : "");
    }

    public int prot() {
        return (perms.charAt(0) == 'r' ? PROT_READ : 0) | (perms.charAt(1) == 'w' ? PROT_WRITE : 0)
                | (perms.charAt(2) == 'x' ? PROT_EXEC : 0);
    }

    public boolean shared() {
        return perms.charAt(3) == 's';
    }

    /** Backed by a file on disk (not anonymous, not a [special] mapping). */
    public boolean fileBacked() {
        return inode != 0 && path.startsWith("/");
    }

    public boolean special(String name) {
        return path.equals(name);
    }
}
