package org.jrr.cli;

import picocli.CommandLine;

/** Builds the picocli command tree with the services injected into each command. */
final class Commands {
    private Commands() {
    }

    static CommandLine create(JrrCommand top, Services services) {
        CommandLine cl = new CommandLine(top, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K k = CommandLine.defaultFactory().create(cls);
                if (k instanceof ServiceUser u) {
                    u.use(services);
                }
                return k;
            }
        });
        // Everything after the program name belongs to the program, options included.
        cl.getSubcommands().get("record").setStopAtPositional(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> Main.report(e, cmd, top.verbose));
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("jrr: " + e.getMessage());
            e.getCommandLine().getErr().println("Try 'jrr " + (e.getCommandLine() == cl ? "" :
                    e.getCommandLine().getCommandName() + " ") + "--help' for more information.");
            return 2;
        });
        return cl;
    }
}
