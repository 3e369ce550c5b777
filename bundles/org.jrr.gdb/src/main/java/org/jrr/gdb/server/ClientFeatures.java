package org.jrr.gdb.server;

/** What gdb said it understands in its {@code qSupported}; thread ids and stop reasons must follow it. */
public record ClientFeatures(boolean multiprocess, boolean swbreak, boolean hwbreak) {
    /** Before {@code qSupported}: the oldest protocol. */
    public static final ClientFeatures NONE = new ClientFeatures(false, false, false);

    /** Parses the argument of {@code qSupported:}, e.g. {@code multiprocess+;swbreak+;xmlRegisters=i386}. */
    public static ClientFeatures parse(String offered) {
        boolean mp = false, sw = false, hw = false;
        for (String f : offered.split(";")) {
            switch (f) {
                case "multiprocess+" -> mp = true;
                case "swbreak+" -> sw = true;
                case "hwbreak+" -> hw = true;
                default -> {
                }
            }
        }
        return new ClientFeatures(mp, sw, hw);
    }
}
