package org.jrr.gdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GdbInvocationTest {
    @Test
    void howToConnectIsOneLineAUserCanPaste() {
        assertEquals("gdb -l 10000 -ex 'target extended-remote 127.0.0.1:1234' /usr/bin/true",
                GdbInvocation.howToConnect(1234, "/usr/bin/true"));
        assertEquals("gdb -l 10000 -ex 'target extended-remote 127.0.0.1:1234' '/tmp/my prog'\\''s'",
                GdbInvocation.howToConnect(1234, "/tmp/my prog's"));
    }

    @Test
    void commandWritesTheInitScriptAndPassesArgumentsThrough(@TempDir Path work) throws IOException {
        List<String> argv = GdbInvocation.command(4321, "/bin/prog", List.of("-nx", "-ex", "break main"),
                work.resolve("sub"));
        Path init = work.resolve("sub").resolve(GdbInvocation.INIT_SCRIPT);
        assertTrue(argv.get(0).endsWith("gdb"));
        assertEquals(List.of("-l", "10000", "-q", "-x", init.toString(), "-nx", "-ex", "break main", "/bin/prog"),
                argv.subList(1, argv.size()));
        String script = Files.readString(init);
        assertTrue(script.contains("target extended-remote 127.0.0.1:4321\n"));
        assertTrue(script.contains("set prompt (jrr)\\040\n"));
        assertTrue(script.contains("set sysroot /\n"));
        assertTrue(script.contains("define when\n  monitor when\nend\n"));
        assertTrue(script.contains("handle SIGURG stop\n"));
    }
}
