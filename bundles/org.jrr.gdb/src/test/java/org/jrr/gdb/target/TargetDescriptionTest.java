package org.jrr.gdb.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class TargetDescriptionTest {
    /** gdb's amd64-linux register names by number (amd64-tdep.c, amd64-linux-tdep.c). */
    private static final List<String> GDB_NAMES = names();

    private static List<String> names() {
        List<String> n = new ArrayList<>(List.of("rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9",
                "r10", "r11", "r12", "r13", "r14", "r15", "rip", "eflags", "cs", "ss", "ds", "es", "fs", "gs"));
        for (int i = 0; i < 8; i++) {
            n.add("st" + i);
        }
        n.addAll(List.of("fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"));
        for (int i = 0; i < 16; i++) {
            n.add("xmm" + i);
        }
        n.addAll(List.of("mxcsr", "orig_rax", "fs_base", "gs_base"));
        return n;
    }

    /** AVX-512 with AMD Zen 4's offsets (no gap where Intel keeps MPX state). */
    static final TargetDescription AVX512 = Amd64Linux.forCpu(Set.of("avx", "avx512"),
            Map.of(2, 576, 5, 832, 6, 896, 7, 1408));

    /** gdb's names for the AVX and AVX-512 registers, in the order of 64bit-avx.xml and 64bit-avx512.xml. */
    private static List<String> avx512Names() {
        List<String> n = new ArrayList<>(GDB_NAMES);
        for (int i = 0; i < 16; i++) {
            n.add("ymm" + i + "h");
        }
        for (int i = 16; i < 32; i++) {
            n.add("xmm" + i);
        }
        for (int i = 16; i < 32; i++) {
            n.add("ymm" + i + "h");
        }
        for (int i = 0; i < 8; i++) {
            n.add("k" + i);
        }
        for (int i = 0; i < 32; i++) {
            n.add("zmm" + i + "h");
        }
        return n;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        // gdb has gdb-target.dtd built in; the parser here must not go looking for it
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void isWellFormedWithArchitectureAndFeatures() throws Exception {
        Document doc = parse(Amd64Linux.DESCRIPTION.xml());
        assertEquals("target", doc.getDocumentElement().getTagName());
        assertEquals("i386:x86-64", doc.getElementsByTagName("architecture").item(0).getTextContent());
        assertEquals("GNU/Linux", doc.getElementsByTagName("osabi").item(0).getTextContent());
        NodeList features = doc.getElementsByTagName("feature");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < features.getLength(); i++) {
            names.add(((Element) features.item(i)).getAttribute("name"));
        }
        assertEquals(List.of("org.gnu.gdb.i386.core", "org.gnu.gdb.i386.sse", "org.gnu.gdb.i386.linux",
                "org.gnu.gdb.i386.segments"), names);
    }

    @Test
    void registersAreNumberedAsGdbExpectsAndMatchTheEncoding() throws Exception {
        numberedAndEncoded(Amd64Linux.DESCRIPTION, GDB_NAMES);
    }

    @Test
    void avxAndAvx512FollowTheCoreAsGdbNamesThem() throws Exception {
        numberedAndEncoded(AVX512, avx512Names());
        List<String> features = new ArrayList<>();
        AVX512.features().forEach(f -> features.add(f.name()));
        assertEquals(List.of("org.gnu.gdb.i386.core", "org.gnu.gdb.i386.sse", "org.gnu.gdb.i386.linux",
                "org.gnu.gdb.i386.segments", "org.gnu.gdb.i386.avx", "org.gnu.gdb.i386.avx512"), features);
    }

    @Test
    void avxWithoutItsOffsetOrAvx512WithoutAvxIsLeftOut() {
        assertEquals(Amd64Linux.DESCRIPTION.registers(), Amd64Linux.forCpu(Set.of("avx"), Map.of()).registers());
        assertEquals(Amd64Linux.DESCRIPTION.registers(),
                Amd64Linux.forCpu(Set.of("avx512"), Map.of(2, 576, 5, 832, 6, 896, 7, 1408)).registers());
        assertEquals(GDB_NAMES.size() + 16,
                Amd64Linux.forCpu(Set.of("avx", "avx512"), Map.of(2, 576)).registers().size());
    }

    private static void numberedAndEncoded(TargetDescription target, List<String> names) throws Exception {
        Document doc = parse(target.xml());
        NodeList regs = doc.getElementsByTagName("reg");
        assertEquals(names.size(), regs.getLength());
        List<GdbRegister> model = target.registers();
        int bits = 0;
        for (int i = 0; i < regs.getLength(); i++) {
            Element r = (Element) regs.item(i);
            assertEquals(names.get(i), r.getAttribute("name"));
            assertEquals(i, Integer.parseInt(r.getAttribute("regnum")), r.getAttribute("name"));
            assertEquals(model.get(i).name(), r.getAttribute("name"));
            assertEquals(model.get(i).bitsize(), Integer.parseInt(r.getAttribute("bitsize")));
            bits += Integer.parseInt(r.getAttribute("bitsize"));
        }
        // the g packet the encoder writes is exactly what gdb computes from this description
        String g = new RegisterEncoder(target)
                .all(RegisterEncoderTest.registers(), java.util.Arrays.copyOf(RegisterEncoderTest.fxsave(), 2432));
        assertEquals(bits / 4, g.length());
        assertTrue(!g.contains("x"), "every register has a value");
    }

    /** gdb looks types up in the register's own feature, then among its built-in types. */
    @Test
    void typesUsedAreDefinedInTheirFeatureOrBuiltIn() throws Exception {
        for (TargetDescription target : List.of(Amd64Linux.DESCRIPTION, AVX512)) {
            NodeList features = parse(target.xml()).getElementsByTagName("feature");
            for (int f = 0; f < features.getLength(); f++) {
                Element feature = (Element) features.item(f);
                List<String> defined = new ArrayList<>(List.of("int", "int32", "int64", "uint64", "uint128",
                        "data_ptr", "code_ptr", "i387_ext"));
                for (String tag : List.of("flags", "vector", "union")) {
                    NodeList l = feature.getElementsByTagName(tag);
                    for (int i = 0; i < l.getLength(); i++) {
                        defined.add(((Element) l.item(i)).getAttribute("id"));
                    }
                }
                NodeList regs = feature.getElementsByTagName("reg");
                for (int i = 0; i < regs.getLength(); i++) {
                    String type = ((Element) regs.item(i)).getAttribute("type");
                    assertTrue(defined.contains(type), "undefined type " + type + " in " + feature.getAttribute("name"));
                }
            }
        }
    }
}
