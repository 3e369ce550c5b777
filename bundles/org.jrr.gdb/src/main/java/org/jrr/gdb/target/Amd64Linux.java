package org.jrr.gdb.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrr.api.arch.Registers;
import org.jrr.gdb.target.RegisterSource.FxBytes;
import org.jrr.gdb.target.RegisterSource.FxTagWord;
import org.jrr.gdb.target.RegisterSource.FxWord;
import org.jrr.gdb.target.RegisterSource.Gpr;
import org.jrr.gdb.target.RegisterSource.XBytes;

/**
 * The x86-64 GNU/Linux register set as gdb numbers it (amd64-tdep.h, amd64-linux-tdep.h): the features of gdb's
 * {@code 64bit-core.xml}, {@code 64bit-sse.xml}, {@code 64bit-linux.xml} and {@code 64bit-segments.xml}, plus
 * {@code 64bit-avx.xml} and {@code 64bit-avx512.xml} where the recording CPU had them. Values come from the XSAVE
 * area in the standard (uncompacted) layout that ptrace gives, whose first 512 bytes are the FXSAVE area. Where
 * the later components start differs between CPUs (AMD's Zen 4 has no gap for Intel's MPX), so the offsets are
 * the replay's, as CPUID reports them.
 */
public final class Amd64Linux {
    /** gdb's numbers of the registers a stop reply carries (as gdbserver does, to save round trips). */
    public static final int RBP = 6, RSP = 7, RIP = 16;

    /** FXSAVE offsets (64-bit layout: FPU IP and DP are 64-bit, gdb splits each into two 32-bit registers). */
    static final int FX_FCW = 0, FX_FSW = 2, FX_FTW = 4, FX_FOP = 6, FX_FIP = 8, FX_FDP = 16, FX_MXCSR = 24,
            FX_ST0 = 32, FX_XMM0 = 160;

    /** The XSAVE components behind gdb's AVX and AVX-512 registers. */
    public static final int AVX = 2, OPMASK = 5, ZMM_HI256 = 6, HI16_ZMM = 7;

    /** gdb's regnums of the first register of each extension feature (after {@code gs_base}, 59). */
    static final int YMM0H = 60, XMM16 = 76, YMM16H = 92, K0 = 108, ZMM0H = 116;

    private static final String CORE_TYPES = """
            <flags id="i386_eflags" size="4">
              <field name="CF" start="0" end="0"/>
              <field name="" start="1" end="1"/>
              <field name="PF" start="2" end="2"/>
              <field name="AF" start="4" end="4"/>
              <field name="ZF" start="6" end="6"/>
              <field name="SF" start="7" end="7"/>
              <field name="TF" start="8" end="8"/>
              <field name="IF" start="9" end="9"/>
              <field name="DF" start="10" end="10"/>
              <field name="OF" start="11" end="11"/>
              <field name="NT" start="14" end="14"/>
              <field name="RF" start="16" end="16"/>
              <field name="VM" start="17" end="17"/>
              <field name="AC" start="18" end="18"/>
              <field name="VIF" start="19" end="19"/>
              <field name="VIP" start="20" end="20"/>
              <field name="ID" start="21" end="21"/>
            </flags>
            """;

    private static final String VEC128_TYPES = """
            <vector id="v8bf16" type="bfloat16" count="8"/>
            <vector id="v8h" type="ieee_half" count="8"/>
            <vector id="v4f" type="ieee_single" count="4"/>
            <vector id="v2d" type="ieee_double" count="2"/>
            <vector id="v16i8" type="int8" count="16"/>
            <vector id="v8i16" type="int16" count="8"/>
            <vector id="v4i32" type="int32" count="4"/>
            <vector id="v2i64" type="int64" count="2"/>
            <union id="vec128">
              <field name="v8_bfloat16" type="v8bf16"/>
              <field name="v8_half" type="v8h"/>
              <field name="v4_float" type="v4f"/>
              <field name="v2_double" type="v2d"/>
              <field name="v16_int8" type="v16i8"/>
              <field name="v8_int16" type="v8i16"/>
              <field name="v4_int32" type="v4i32"/>
              <field name="v2_int64" type="v2i64"/>
              <field name="uint128" type="uint128"/>
            </union>
            """;

    private static final String MXCSR_TYPE = """
            <flags id="i386_mxcsr" size="4">
              <field name="IE" start="0" end="0"/>
              <field name="DE" start="1" end="1"/>
              <field name="ZE" start="2" end="2"/>
              <field name="OE" start="3" end="3"/>
              <field name="UE" start="4" end="4"/>
              <field name="PE" start="5" end="5"/>
              <field name="DAZ" start="6" end="6"/>
              <field name="IM" start="7" end="7"/>
              <field name="DM" start="8" end="8"/>
              <field name="ZM" start="9" end="9"/>
              <field name="OM" start="10" end="10"/>
              <field name="UM" start="11" end="11"/>
              <field name="PM" start="12" end="12"/>
              <field name="FZ" start="15" end="15"/>
            </flags>
            """;

    /** Without AVX: what a CPU without it (or a replay that cannot tell) has. */
    public static final TargetDescription DESCRIPTION = forCpu(Set.of(), Map.of());

    /**
     * The description for a CPU with {@code features} ({@code avx}, {@code avx512}, as
     * {@link org.jrr.api.debug.ReplayControl#cpuFeatures()} names them) whose XSAVE components start at
     * {@code offsets}. A feature whose components have no offset is left out; gdb takes AVX-512 only with AVX.
     */
    public static TargetDescription forCpu(Set<String> features, Map<Integer, Integer> offsets) {
        List<Feature> f = new ArrayList<>(List.of(core(), sse(), linux(), segments()));
        if (features.contains("avx") && offsets.containsKey(AVX)) {
            f.add(avx(offsets.get(AVX)));
            if (features.contains("avx512") && offsets.keySet().containsAll(List.of(OPMASK, ZMM_HI256, HI16_ZMM))) {
                f.add(avx512(offsets.get(OPMASK), offsets.get(ZMM_HI256), offsets.get(HI16_ZMM)));
            }
        }
        return new TargetDescription("i386:x86-64", "GNU/Linux", f);
    }

    private Amd64Linux() {
    }

    private static Feature core() {
        List<GdbRegister> r = new ArrayList<>();
        String[] names = {"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12",
            "r13", "r14", "r15"};
        int[] index = {Registers.RAX, Registers.RBX, Registers.RCX, Registers.RDX, Registers.RSI, Registers.RDI,
            Registers.RBP, Registers.RSP, Registers.R8, Registers.R9, Registers.R10, Registers.R11, Registers.R12,
            Registers.R13, Registers.R14, Registers.R15};
        for (int i = 0; i < names.length; i++) {
            String type = i == RBP || i == RSP ? "data_ptr" : "int64";
            r.add(new GdbRegister(i, names[i], 64, type, null, new Gpr(index[i])));
        }
        r.add(new GdbRegister(RIP, "rip", 64, "code_ptr", null, new Gpr(Registers.RIP)));
        r.add(new GdbRegister(17, "eflags", 32, "i386_eflags", null, new Gpr(Registers.EFLAGS)));
        String[] segs = {"cs", "ss", "ds", "es", "fs", "gs"};
        int[] segIndex = {Registers.CS, Registers.SS, Registers.DS, Registers.ES, Registers.FS,
            Registers.GS};
        for (int i = 0; i < segs.length; i++) {
            r.add(new GdbRegister(18 + i, segs[i], 32, "int32", null, new Gpr(segIndex[i])));
        }
        for (int i = 0; i < 8; i++) {
            r.add(new GdbRegister(24 + i, "st" + i, 80, "i387_ext", null, new FxBytes(FX_ST0 + 16 * i)));
        }
        r.add(fpu(32, "fctrl", new FxWord(FX_FCW, 0xffff)));
        r.add(fpu(33, "fstat", new FxWord(FX_FSW, 0xffff)));
        r.add(fpu(34, "ftag", new FxTagWord()));
        r.add(fpu(35, "fiseg", new FxBytes(FX_FIP + 4))); // high half of the 64-bit FPU IP, as amd64_supply_fxsave
        r.add(fpu(36, "fioff", new FxBytes(FX_FIP)));
        r.add(fpu(37, "foseg", new FxBytes(FX_FDP + 4)));
        r.add(fpu(38, "fooff", new FxBytes(FX_FDP)));
        r.add(fpu(39, "fop", new FxWord(FX_FOP, 0x7ff))); // the opcode has 11 bits
        return new Feature("org.gnu.gdb.i386.core", CORE_TYPES, r);
    }

    private static GdbRegister fpu(int regnum, String name, RegisterSource source) {
        return new GdbRegister(regnum, name, 32, "int", "float", source);
    }

    private static Feature sse() {
        List<GdbRegister> r = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            r.add(new GdbRegister(40 + i, "xmm" + i, 128, "vec128", null, new FxBytes(FX_XMM0 + 16 * i)));
        }
        r.add(new GdbRegister(56, "mxcsr", 32, "i386_mxcsr", "vector", new FxBytes(FX_MXCSR)));
        return new Feature("org.gnu.gdb.i386.sse", VEC128_TYPES + MXCSR_TYPE, r);
    }

    private static Feature linux() {
        return new Feature("org.gnu.gdb.i386.linux", "",
                List.of(new GdbRegister(57, "orig_rax", 64, "int", null, new Gpr(Registers.ORIG_RAX))));
    }

    private static Feature segments() {
        return new Feature("org.gnu.gdb.i386.segments", "",
                List.of(new GdbRegister(58, "fs_base", 64, "int", null, new Gpr(Registers.FS_BASE)),
                        new GdbRegister(59, "gs_base", 64, "int", null, new Gpr(Registers.GS_BASE))));
    }

    /** The upper halves of ymm0–ymm15 (gdb joins them with xmm0–xmm15 into $ymm0…). */
    private static Feature avx(int ymmHi128) {
        List<GdbRegister> r = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            r.add(new GdbRegister(YMM0H + i, "ymm" + i + "h", 128, "uint128", null,
                    new XBytes(ymmHi128 + 16 * i, AVX)));
        }
        return new Feature("org.gnu.gdb.i386.avx", "", r);
    }

    /**
     * xmm16–xmm31 with their upper parts, the opmask registers and the upper halves of zmm0–zmm31. Registers 16–31
     * are whole 64-byte rows of the Hi16_ZMM component; 0–15 have their upper 32 bytes in ZMM_Hi256.
     */
    private static Feature avx512(int opmask, int zmmHi256, int hi16Zmm) {
        List<GdbRegister> r = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int row = hi16Zmm + 64 * i;
            r.add(new GdbRegister(XMM16 + i, "xmm" + (16 + i), 128, "vec128", null, new XBytes(row, HI16_ZMM)));
            r.add(new GdbRegister(YMM16H + i, "ymm" + (16 + i) + "h", 128, "uint128", null,
                    new XBytes(row + 16, HI16_ZMM)));
        }
        for (int i = 0; i < 8; i++) {
            r.add(new GdbRegister(K0 + i, "k" + i, 64, "uint64", null, new XBytes(opmask + 8 * i, OPMASK)));
        }
        for (int i = 0; i < 32; i++) {
            RegisterSource source = i < 16 ? new XBytes(zmmHi256 + 32 * i, ZMM_HI256)
                    : new XBytes(hi16Zmm + 64 * (i - 16) + 32, HI16_ZMM);
            r.add(new GdbRegister(ZMM0H + i, "zmm" + i + "h", 256, "v2ui128", null, source));
        }
        r.sort(java.util.Comparator.comparingInt(GdbRegister::regnum));
        return new Feature("org.gnu.gdb.i386.avx512", VEC128_TYPES
                + "<vector id=\"v2ui128\" type=\"uint128\" count=\"2\"/>\n", r);
    }
}
