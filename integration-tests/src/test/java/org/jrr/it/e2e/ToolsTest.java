package org.jrr.it.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jrr dump}, {@code ls} and {@code ps} over a real recording; traces named and linked as documented. */
class ToolsTest {
    @Test
    void dumpLsPs() throws Exception {
        Jrr jrr = new Jrr("tools");
        assertEquals(0, jrr.run("record", "-q", Jrr.program("hello")).status());
        assertEquals(0, jrr.run("record", "-q", Jrr.program("hello")).status());
        assertTrue(Files.isDirectory(jrr.traces.resolve("hello-0")));
        assertTrue(Files.isDirectory(jrr.traces.resolve("hello-1")));
        assertEquals(Path.of("hello-1"), Files.readSymbolicLink(jrr.traces.resolve("latest-trace")));
        assertTrue(Files.readString(jrr.traces.resolve("hello-1/version")).startsWith("jrr-trace 7 binary"));

        Jrr.Result dump = jrr.run("dump", "hello-0");
        assertEquals(0, dump.status(), dump::toString);
        String[] lines = dump.stdout().split("\n");
        assertTrue(lines[1].matches("\\s+1\\s+\\d+ exec .*hello.*"), dump::toString);
        assertTrue(dump.stdout().lines().anyMatch(l -> l.matches(".* (syscall|\\[\\d+\\]) write = \\d+")), dump::toString);
        assertTrue(dump.stdout().contains(" syscall exit_group"), dump::toString);
        assertTrue(dump.stdout().strip().endsWith("exit status 0"), dump::toString);

        Jrr.Result ls = jrr.run("ls");
        assertTrue(ls.stdout().contains("hello-0") && ls.stdout().contains("hello-1  "), ls::toString);
        assertTrue(ls.stdout().lines().anyMatch(l -> l.startsWith("hello-1") && l.endsWith("(latest)")), ls::toString);

        Jrr.Result ps = jrr.run("ps");
        assertTrue(ps.stdout().lines().skip(1).anyMatch(l -> l.matches("\\d+\\s+--\\s+0\\s+.*hello")), ps::toString);
    }

    @Test
    void psShowsAProcessTree() throws Exception {
        Jrr jrr = new Jrr("tools-tree");
        assertEquals(0, jrr.run("record", "-q", Jrr.program("fork_pipe_wait")).status());
        Jrr.Result ps = jrr.run("ps");
        assertEquals(0, ps.status(), ps::toString);
        List<String[]> rows = ps.stdout().lines().skip(1).map(l -> l.trim().split("\\s+", 4)).toList();
        assertEquals(6, rows.size(), ps::toString); // the root, three forked children, one exec'd, one vforked
        String root = rows.get(0)[0];
        assertEquals("--", rows.get(0)[1], ps::toString);
        assertTrue(rows.stream().skip(1).allMatch(r -> r[1].equals(root)), ps::toString);
        assertTrue(rows.stream().anyMatch(r -> r[2].equals("7")), ps::toString); // the exec'd child
        assertTrue(rows.stream().anyMatch(r -> r[2].equals("42")), ps::toString); // the vfork child
        Jrr.Result dump = jrr.run("dump");
        assertTrue(dump.stdout().contains("vfork: new task"), dump::toString);
        assertTrue(dump.stdout().contains("clone: new task"), dump::toString);
    }
}
