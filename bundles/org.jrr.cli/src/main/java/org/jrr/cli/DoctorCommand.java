package org.jrr.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jrr.api.JrrException;
import org.jrr.api.session.SystemCheck.Finding;
import picocli.CommandLine.Command;

/** {@code jrr doctor}: what this machine supports, and what jrr does as a result. */
@Command(name = "doctor", description = "Check what this machine lets jrr do (ptrace, PMU, CPUID faulting, ...)"
        + " and what jrr does as a result; exits with 1 if jrr cannot record here.")
final class DoctorCommand extends ServiceUser implements Callable<Integer> {
    /** The findings recording cannot do without (names as the kernel's SystemCheck gives them). */
    static final List<String> REQUIRED = List.of("ptrace", "tick provider");
    private static final int NAME_WIDTH = 16;

    @Override
    public Integer call() {
        List<Finding> findings = services.needSystemCheck().check();
        render(findings).forEach(System.out::println);
        Optional<String> why = whyNot(findings);
        if (why.isPresent()) {
            System.out.flush();
            throw new JrrException("cannot record here: " + why.get());
        }
        System.out.println(summary(findings));
        return 0;
    }

    /** One line per finding, and an indented "=> effect" line under each that has an effect. */
    static List<String> render(List<Finding> findings) {
        List<String> lines = new ArrayList<>();
        for (Finding f : findings) {
            String name = f.name().length() < NAME_WIDTH ? String.format("%-" + NAME_WIDTH + "s", f.name())
                    : f.name() + " ";
            lines.add("  " + (f.ok() ? "ok" : "--") + "   " + name + f.detail());
            if (f.effect() != null && !f.effect().isBlank()) {
                lines.add(" ".repeat(7 + NAME_WIDTH) + "=> " + f.effect());
            }
        }
        return lines;
    }

    /** Why recording cannot work here, from the first required finding that failed or is missing. */
    static Optional<String> whyNot(List<Finding> findings) {
        for (String name : REQUIRED) {
            Optional<Finding> f = findings.stream().filter(x -> x.name().equals(name)).findFirst();
            if (f.isEmpty()) {
                return Optional.of("the system check did not report on " + name);
            }
            if (!f.get().ok()) {
                return Optional.of(name + ": " + f.get().detail());
            }
        }
        return Optional.empty();
    }

    static String summary(List<Finding> findings) {
        long ok = findings.stream().filter(Finding::ok).count();
        return "jrr can record and replay here (" + (ok == findings.size() ? "all " + ok + " checks ok)."
                : ok + " of " + findings.size() + " checks ok; the '--' lines say what jrr does without the rest).");
    }
}
