package org.jrr.api.session;

import java.util.List;

/** Reports what this machine lets jrr do ({@code jrr doctor}). Provided by the kernel. */
public interface SystemCheck {
    /**
     * One thing checked.
     *
     * @param name   what was checked: {@code ptrace}, {@code PMU}, {@code CPUID faulting}...
     * @param ok     whether it is there and works
     * @param detail what was found, in a sentence
     * @param effect what jrr does as a result, in a sentence (may be empty)
     */
    record Finding(String name, boolean ok, String detail, String effect) {
    }

    /** Runs every check; each is quick and leaves no trace on the machine. */
    List<Finding> check();
}
