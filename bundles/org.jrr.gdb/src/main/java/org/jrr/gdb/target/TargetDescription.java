package org.jrr.gdb.target;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** gdb's target description: architecture, OS ABI and register features; served as {@code target.xml}. */
public record TargetDescription(String architecture, String osabi, List<Feature> features) {
    public TargetDescription {
        features = List.copyOf(features);
    }

    /** Every register, by regnum (the {@code g} packet's order). */
    public List<GdbRegister> registers() {
        return features.stream().flatMap(f -> f.registers().stream())
                .sorted(Comparator.comparingInt(GdbRegister::regnum)).toList();
    }

    public Optional<GdbRegister> register(int regnum) {
        return registers().stream().filter(r -> r.regnum() == regnum).findFirst();
    }

    /** The whole description in one document: no {@code xi:include}, so one annex serves it. */
    public String xml() {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        sb.append("  <architecture>").append(architecture).append("</architecture>\n");
        sb.append("  <osabi>").append(osabi).append("</osabi>\n");
        for (Feature f : features) {
            sb.append("  <feature name=\"").append(f.name()).append("\">\n");
            f.types().lines().forEach(l -> sb.append("    ").append(l).append('\n'));
            for (GdbRegister r : f.registers()) {
                sb.append("    <reg name=\"").append(r.name()).append("\" bitsize=\"").append(r.bitsize())
                        .append("\" type=\"").append(r.type()).append("\" regnum=\"").append(r.regnum()).append('"');
                if (r.group() != null) {
                    sb.append(" group=\"").append(r.group()).append('"');
                }
                sb.append("/>\n");
            }
            sb.append("  </feature>\n");
        }
        return sb.append("</target>\n").toString();
    }
}
