package org.jrr.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jrr}: the top command; its subcommands do the work. */
@Command(name = "jrr", mixinStandardHelpOptions = true, scope = picocli.CommandLine.ScopeType.INHERIT,
        version = "jrr 0.1.0",
        description = "Record a Linux program's execution, then replay it exactly, as often as you like.",
        subcommands = {RecordCommand.class, ReplayCommand.class, DumpCommand.class, LsCommand.class, PsCommand.class,
                DoctorCommand.class})
final class JrrCommand implements Runnable {
    @Option(names = "--verbose", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Show stack traces with errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
