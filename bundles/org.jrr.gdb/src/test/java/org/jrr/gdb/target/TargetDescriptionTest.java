package org.jrr.gdb.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
        Document doc = parse(Amd64Linux.DESCRIPTION.xml());
        NodeList regs = doc.getElementsByTagName("reg");
        assertEquals(GDB_NAMES.size(), regs.getLength());
        List<GdbRegister> model = Amd64Linux.DESCRIPTION.registers();
        int bits = 0;
        for (int i = 0; i < regs.getLength(); i++) {
            Element r = (Element) regs.item(i);
            assertEquals(GDB_NAMES.get(i), r.getAttribute("name"));
            assertEquals(i, Integer.parseInt(r.getAttribute("regnum")), r.getAttribute("name"));
            assertEquals(model.get(i).name(), r.getAttribute("name"));
            assertEquals(model.get(i).bitsize(), Integer.parseInt(r.getAttribute("bitsize")));
            bits += Integer.parseInt(r.getAttribute("bitsize"));
        }
        // the g packet the encoder writes is exactly what gdb computes from this description
        String g = new RegisterEncoder(Amd64Linux.DESCRIPTION)
                .all(RegisterEncoderTest.registers(), RegisterEncoderTest.fxsave());
        assertEquals(bits / 4, g.length());
    }

    @Test
    void typesUsedAreDefinedOrBuiltIn() throws Exception {
        Document doc = parse(Amd64Linux.DESCRIPTION.xml());
        List<String> defined = new ArrayList<>(List.of("int", "int32", "int64", "data_ptr", "code_ptr",
                "i387_ext"));
        for (String tag : List.of("flags", "vector", "union")) {
            NodeList l = doc.getElementsByTagName(tag);
            for (int i = 0; i < l.getLength(); i++) {
                defined.add(((Element) l.item(i)).getAttribute("id"));
            }
        }
        NodeList regs = doc.getElementsByTagName("reg");
        for (int i = 0; i < regs.getLength(); i++) {
            String type = ((Element) regs.item(i)).getAttribute("type");
            assertTrue(defined.contains(type), "undefined type " + type);
        }
    }
}
