package org.jrr.gdb.server;

import static org.jrr.gdb.server.Action.reply;
import static org.jrr.gdb.server.Replies.EMPTY;
import static org.jrr.gdb.server.Replies.ERROR;
import static org.jrr.gdb.server.Replies.OK;

import java.util.List;
import java.util.stream.Collectors;
import org.jrr.api.debug.Direction;
import org.jrr.api.debug.Diversion;
import org.jrr.api.debug.ReplayControl;
import org.jrr.api.debug.Restart;
import org.jrr.api.debug.Resume;
import org.jrr.api.debug.Stop;
import org.jrr.api.debug.TaskId;
import org.jrr.gdb.packet.Hex;
import org.jrr.gdb.packet.MalformedPacketException;
import org.jrr.gdb.target.Amd64Linux;
import org.jrr.gdb.target.GdbRegister;
import org.jrr.gdb.target.RegisterEncoder;
import org.jrr.gdb.target.RegisterSource;
import org.jrr.gdb.target.TargetDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each packet into an {@link Action}, keeping the protocol state: what the client supports, ack mode, the
 * threads gdb selected. Runs on the session's thread only. Nothing here changes the replay's state: it can only be
 * read, run, and given breakpoints. A write to registers or memory (gdb's {@code call f()}, {@code set var})
 * starts a {@link Diversion}, a copy of the task that takes the writes, the reads and forward resumes from then
 * on. gdb writes the siginfo it saved back when a call is over (then restores registers): the next resume ends
 * the diversion and runs the replay, which never changed. Going backward or elsewhere ends it too.
 */
final class Dispatcher {
    static final String SUPPORTED = "PacketSize=" + Integer.toHexString(Replies.PACKET_SIZE)
            + ";QStartNoAckMode+;qXfer:features:read+;qXfer:auxv:read+;qXfer:exec-file:read+;qXfer:siginfo:read+"
            + ";qXfer:siginfo:write+"
            + ";qXfer:threads:read+;multiprocess+;swbreak+;hwbreak+;vContSupported+;QPassSignals+"
            + ";ReverseContinue+;ReverseStep+";
    static final String VCONT_ACTIONS = "vCont;c;C;s;S";
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final ReplayControl control;
    private final TargetDescription target;
    private final RegisterEncoder encoder;
    private final Breakpoints breakpoints;
    private final StopReplies stops;
    private final Xfer xfer;
    private final Monitor monitor;
    private final HostIo hostIo;
    private ClientFeatures client = ClientFeatures.NONE;
    private boolean noAck;
    /** The task of the last stop; null until asked. */
    private TaskId current;
    /** The threads gdb chose with {@code Hg} (registers, memory) and {@code Hc} (stepping); null: {@link #current}. */
    private TaskId queryThread, resumeThread;
    /** Where the last vRun stopped, until the resume that gdb's run sends after it. */
    private Stop restartStop;
    /** The end of the recording was reported as a SIGKILL stop. */
    private boolean endShown;
    /** The copy gdb's writes went to, or null. */
    private Diversion diversion;
    /** gdb is putting things back after a call in the diversion: the next resume leaves it. */
    private boolean callOver;

    Dispatcher(ReplayControl control) {
        this.control = control;
        this.target = describe(control);
        this.encoder = new RegisterEncoder(target);
        this.breakpoints = new Breakpoints(control);
        this.stops = new StopReplies(this::registers, target, breakpoints);
        this.xfer = new Xfer(control, target);
        this.monitor = new Monitor(control);
        this.hostIo = new HostIo(control);
    }

    /** The registers of the recording's CPU; without AVX where the replay cannot say. */
    private static TargetDescription describe(ReplayControl control) {
        try {
            return Amd64Linux.forCpu(control.cpuFeatures(), control.xstateOffsets());
        } catch (RuntimeException e) {
            LOG.debug("no CPU features from the replay: {}", e.toString());
            return Amd64Linux.DESCRIPTION;
        }
    }

    /** The connection is over: files gdb left open are closed. */
    void connectionClosed() {
        hostIo.closeAll();
    }

    /** True after {@code QStartNoAckMode}. */
    boolean noAck() {
        return noAck;
    }

    Action handle(String packet) {
        try {
            Action a = dispatch(packet);
            if (a instanceof Action.Run run && restartStop != null) {
                Stop restart = restartStop;
                restartStop = null;
                if (run.how().direction() == Direction.FORWARD) {
                    // gdb's run goes on from where vRun stopped: it stays there, as gdb's user asked, shown as a
                    // plain stop ("Program stopped.") unless a breakpoint is there
                    return reply(stopped(restart instanceof Stop.Stepped s ? new Stop.Signal(s.task(), 0) : restart));
                }
            }
            return a;
        } catch (MalformedPacketException e) {
            LOG.debug("malformed packet '{}': {}", abbreviate(packet), e.getMessage());
            return Action.error();
        } catch (RuntimeException e) {
            // The replay failed this request (e.g. a JrrException: no such task any more): the request fails with
            // the protocol's error, which gdb reports where it matters; the session goes on.
            LOG.debug("gdb request '{}' failed: {}", abbreviate(packet), e.toString());
            return Action.error();
        }
    }

    /** The replay was taken elsewhere (vRun) and stopped at {@code stop}. */
    void restarted(Stop stop) {
        restartStop = stop;
    }

    /** The stop reply for {@code stop}; gdb's thread selection goes back to the stopped task, as gdb expects. */
    String stopped(Stop stop) {
        current = stop.task();
        queryThread = null;
        resumeThread = null;
        if (stop instanceof Stop.Exited && !endShown) {
            // As rr does: the end of the recording first shows as SIGKILL, with the process still there to go
            // back from; running forward again gives the exit.
            endShown = true;
            return stops.format(new Stop.Signal(stop.task(), 9 /* SIGKILL */), client);
        }
        endShown = stop instanceof Stop.Exited;
        return stops.format(stop, client);
    }

    /** False once the replay has ended for good (after a divergence every call fails). */
    boolean replayAlive() {
        try {
            control.tasks();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The reply for a resume that ended the replay: the process is reported killed. */
    String killed() {
        try {
            return stops.killed(currentTask(), client);
        } catch (RuntimeException e) {
            return "X09"; // the replay cannot even say which process: gdb takes the current one
        }
    }

    private Action dispatch(String p) {
        if (p.isEmpty()) {
            return reply(EMPTY);
        }
        String args = p.substring(1);
        return switch (p.charAt(0)) {
            case '!' -> reply(OK);
            case '?' -> reply(stopped(control.lastStop()));
            case 'g' -> reply(encoder.all(registers(queryTask()), fpRegisters(queryTask())));
            case 'p' -> register(args);
            case 'm' -> memory(args);
            case 'P' -> writeRegister(args);
            case 'M' -> writeMemory(args, false);
            case 'X' -> writeMemory(args, true);
            case 'G' -> Action.error(); // gdb writes one register at a time with P
            case 'H' -> selectThread(args);
            case 'T' -> reply(ThreadId.parse(args).resolve(control.tasks()).isPresent() ? OK : ERROR);
            case 'Z', 'z' -> {
                String r = breakpoints.handle(p.charAt(0) == 'Z', args);
                if (diversion != null && r.equals(OK)) {
                    breakpoints.apply(diversion, p.charAt(0) == 'Z', args); // gdb's call returns to one
                }
                yield reply(r);
            }
            case 'c', 's', 'C', 'S' -> legacyResume(p.charAt(0), args);
            case 'b' -> {
                endDiversion();
                yield reverse(args);
            }
            case 'D' -> {
                endDiversion();
                yield new Action.End(List.of(OK));
            }
            case 'k' -> {
                endDiversion();
                yield new Action.End(List.of()); // no reply: gdb does not wait for one
            }
            case 'q' -> query(args);
            case 'Q' -> set(args);
            case 'v' -> verbose(args);
            default -> reply(EMPTY);
        };
    }

    /**
     * A register write. One that changes nothing is taken as is (gdb writes orig_rax, against a syscall restart,
     * and the pc it already has when it runs the program); any other goes to the diversion, made now if needed.
     */
    private Action writeRegister(String args) {
        int eq = args.indexOf('=');
        if (eq < 0) {
            throw new MalformedPacketException("expected P<register>=<value>");
        }
        GdbRegister r = target.register(Hex.parseInt(args.substring(0, eq))).orElse(null);
        if (r == null) {
            return Action.error();
        }
        byte[] value = Hex.decode(args.substring(eq + 1));
        if (value.length != r.size()) {
            throw new MalformedPacketException("register " + r.name() + " has " + r.size() + " bytes");
        }
        TaskId task = queryTask();
        boolean gpr = r.source() instanceof RegisterSource.Gpr;
        byte[] fx = gpr ? null : fpRegisters(task);
        if (encoder.one(r, registers(task), fx).equalsIgnoreCase(args.substring(eq + 1))
                || diversion == null && r.name().equals("orig_rax")) {
            return reply(OK);
        }
        Diversion d = divert(task);
        if (gpr) {
            d.setRegisters(RegisterEncoder.withValue(r, d.registers(), value));
        } else {
            if (fx == null) {
                return Action.error();
            }
            RegisterEncoder.putFx(r, fx, value);
            if (r.source() instanceof RegisterSource.XBytes) {
                d.setXState(fx);
            } else {
                d.setFpRegisters(java.util.Arrays.copyOf(fx, RegisterEncoder.FXSAVE_SIZE));
            }
        }
        if (callOver && d.registers().equals(control.registers(d.task()))) {
            endDiversion(); // gdb has put back the registers after its call: the replay is shown again
        }
        return reply(OK);
    }

    /** {@code M addr,length:hex} or {@code X addr,length:binary}: goes to the diversion. */
    private Action writeMemory(String args, boolean binary) {
        int colon = args.indexOf(':');
        String[] f = (colon < 0 ? "" : args.substring(0, colon)).split(",", -1);
        if (f.length != 2) {
            throw new MalformedPacketException("expected " + (binary ? "X" : "M") + "<addr>,<length>:<data>");
        }
        long address = Hex.parseUnsigned(f[0]);
        int length = Hex.parseLength(f[1], Replies.MAX_MEMORY);
        String rest = args.substring(colon + 1);
        byte[] data = binary ? org.jrr.gdb.packet.Framing.unescape(rest).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)
                : Hex.decode(rest);
        if (data.length != length) {
            throw new MalformedPacketException("the data has " + data.length + " bytes, not " + length);
        }
        if (length == 0) {
            return reply(OK); // gdb's probe for X
        }
        byte[] now = readMemory(queryTask(), address, length);
        if (diversion == null && java.util.Arrays.equals(now, data)) {
            return reply(OK);
        }
        return reply(divert(queryTask()).writeMemory(address, data) ? OK : ERROR);
    }

    /** The diversion, made from {@code task} if there is none. */
    private Diversion divert(TaskId task) {
        if (diversion == null) {
            diversion = control.divert(task);
            callOver = false;
            LOG.debug("diversion from {}", task);
        }
        return diversion;
    }

    private void endDiversion() {
        if (diversion != null) {
            Diversion d = diversion;
            diversion = null;
            callOver = false;
            d.close();
        }
    }

    private boolean diverted(TaskId task) {
        return diversion != null && diversion.task().equals(task);
    }

    private org.jrr.api.arch.Registers registers(TaskId task) {
        return diverted(task) ? diversion.registers() : control.registers(task);
    }

    private byte[] readMemory(TaskId task, long address, int length) {
        return diversion != null ? diversion.readMemory(address, length) : control.readMemory(task, address, length);
    }

    private Action register(String args) {
        GdbRegister r = target.register(Hex.parseInt(args)).orElse(null);
        if (r == null) {
            return Action.error();
        }
        TaskId task = queryTask();
        byte[] fx = r.source() instanceof RegisterSource.Gpr ? null : fpRegisters(task);
        return reply(encoder.one(r, registers(task), fx));
    }

    /** The XSAVE area (or FXSAVE alone), or null: gdb can do without these registers (it shows them unavailable). */
    private byte[] fpRegisters(TaskId task) {
        try {
            return diverted(task) ? diversion.xstate() : control.xstate(task);
        } catch (RuntimeException e) {
            LOG.debug("no x87/SSE registers for {}: {}", task, e.toString());
            return null;
        }
    }

    private Action memory(String args) {
        String[] f = args.split(",", -1);
        if (f.length != 2) {
            throw new MalformedPacketException("expected m<addr>,<length>");
        }
        long address = Hex.parseUnsigned(f[0]);
        int length = Hex.parseLength(f[1], Replies.MAX_MEMORY);
        if (length == 0) {
            return reply(EMPTY);
        }
        byte[] bytes = readMemory(queryTask(), address, length);
        return reply(bytes.length == 0 ? ERROR : Hex.encode(bytes));
    }

    private Action selectThread(String args) {
        if (args.isEmpty() || (args.charAt(0) != 'g' && args.charAt(0) != 'c')) {
            throw new MalformedPacketException("expected Hg or Hc");
        }
        ThreadId id = ThreadId.parse(args.substring(1));
        TaskId task = null;
        if (id.specific()) {
            task = id.resolve(control.tasks()).orElse(null);
            if (task == null) {
                return Action.error();
            }
        }
        if (args.charAt(0) == 'g') {
            queryThread = task;
        } else {
            resumeThread = task;
        }
        return reply(OK);
    }

    /** {@code c}, {@code s}, {@code C<sig>}, {@code S<sig>}: an address to resume at cannot be honoured. */
    private Action legacyResume(char kind, String args) {
        String rest = args;
        if (kind == 'C' || kind == 'S') {
            int semi = args.indexOf(';');
            Hex.parseInt(semi < 0 ? args : args.substring(0, semi)); // the signal, which the replay cannot send
            rest = semi < 0 ? "" : args.substring(semi + 1);
        }
        if (!rest.isEmpty()) {
            return Action.error();
        }
        return forward(kind == 'c' || kind == 'C' ? new Resume.Continue(Direction.FORWARD)
                : new Resume.Step(resumeTask(), Direction.FORWARD));
    }

    private Action reverse(String args) {
        return switch (args) {
            case "c" -> new Action.Run(new Resume.Continue(Direction.BACKWARD));
            case "s" -> new Action.Run(new Resume.Step(resumeTask(), Direction.BACKWARD));
            default -> reply(EMPTY);
        };
    }

    /**
     * {@code vCont;<action>[:<thread>]…}. All-stop: a step of one thread, other threads running meanwhile, is a
     * {@link Resume.Step}; any other combination of continues is a {@link Resume.Continue}.
     */
    private Action vCont(String actions) {
        List<VContAction> list = VContAction.parse(actions);
        if (list.stream().anyMatch(a -> !a.isStep() && !a.isContinue())) {
            return Action.error(); // t, r: not offered
        }
        if (list.stream().anyMatch(a -> a.thread() != null && a.thread().specific()
                && a.thread().resolve(control.tasks()).isEmpty())) {
            return Action.error(); // a thread the replay does not have: nothing resumes
        }
        for (VContAction a : list) {
            if (a.isStep()) {
                TaskId task = resumeTask();
                if (a.thread() != null && a.thread().specific()) {
                    task = a.thread().resolve(control.tasks())
                            .orElseThrow(() -> new MalformedPacketException("no such thread " + a.thread()));
                }
                return forward(new Resume.Step(task, Direction.FORWARD));
            }
        }
        return forward(new Resume.Continue(Direction.FORWARD));
    }

    /** A forward resume: of the diversion while a call runs in it, else of the replay. */
    private Action forward(Resume how) {
        if (diversion != null && (callOver || diversion.registers().equals(control.registers(diversion.task())))) {
            endDiversion(); // the call is over, or gdb put the registers back: the replay goes on as recorded
        }
        return diversion != null ? new Action.RunDiverted(diversion, how) : new Action.Run(how);
    }

    private Action query(String args) {
        String name = name(args, ":,");
        String rest = args.substring(Math.min(args.length(), name.length() + 1));
        return switch (name) {
            case "Supported" -> {
                client = ClientFeatures.parse(rest);
                yield reply(SUPPORTED);
            }
            case "C" -> reply("QC" + ThreadId.format(queryTask(), client.multiprocess()));
            case "Attached" -> reply("1"); // the process existed before the debugger came: detach leaves it be
            case "fThreadInfo" -> reply(threadList());
            case "sThreadInfo" -> reply("l");
            case "ThreadExtraInfo" -> reply(ThreadId.parse(rest).resolve(control.tasks())
                    .map(t -> Hex.encodeText("tid " + t.tid())).orElse(ERROR));
            case "Xfer" -> {
                if (rest.startsWith("siginfo:write:")) {
                    callOver = diversion != null; // gdb puts back what it saved before a call: the call is over
                    yield reply(OK);
                }
                if (rest.startsWith("siginfo:read:") && callOver) {
                    endDiversion(); // gdb saves the siginfo as a new call starts: the last one is over
                }
                yield reply(xfer.handle(rest, queryTask(), client));
            }
            case "Rcmd" -> new Action.Send(monitor.run(Hex.decodeText(rest), currentTask()));
            case "Symbol" -> reply(OK); // nothing to look up
            default -> reply(EMPTY); // qTStatus, qTfV, qOffsets, qGetTLSAddr, qSearch, …
        };
    }

    private String threadList() {
        List<TaskId> tasks = control.tasks();
        if (tasks.isEmpty()) {
            return "l";
        }
        return "m" + tasks.stream().map(t -> ThreadId.format(t, client.multiprocess()))
                .collect(Collectors.joining(","));
    }

    private Action set(String args) {
        String name = name(args, ":");
        return switch (name) {
            case "StartNoAckMode" -> {
                noAck = true;
                yield reply(OK);
            }
            case "NonStop" -> switch (args) {
                case "NonStop:0" -> reply(OK);
                case "NonStop:1" -> Action.error(); // all-stop only
                default -> throw new MalformedPacketException("expected QNonStop:0 or 1");
            };
            // Every signal the recording got is delivered as recorded; which ones gdb wants to see is its business.
            case "ProgramSignals", "PassSignals" -> reply(OK);
            default -> reply(EMPTY);
        };
    }

    private Action verbose(String args) {
        if (args.equals("Cont?")) {
            return reply(VCONT_ACTIONS);
        }
        if (args.startsWith("Cont;")) {
            return vCont(args.substring("Cont;".length()));
        }
        return switch (name(args, ";:")) {
            case "MustReplyEmpty" -> reply(EMPTY);
            // gdb's run (and restart) kills first, then vRun: the replay waits for where to go
            case "Kill" -> reply(OK);
            case "Run" -> {
                endDiversion();
                yield run(args);
            }
            case "Attach" -> Action.error();
            case "File" -> reply(hostIo.handle(args.length() > 5 ? args.substring(5) : ""));
            default -> reply(EMPTY); // vCtrlC, …
        };
    }

    /**
     * {@code vRun;file;args}: the replay goes back to where the arguments say: nothing for the start, an event
     * number, or {@code c} and a checkpoint number (gdb's {@code run 1234}, {@code run c2}).
     */
    private Action run(String args) {
        String[] parts = args.split(";", -1);
        StringBuilder spec = new StringBuilder();
        for (int i = 2; i < parts.length; i++) {
            spec.append(spec.isEmpty() ? "" : " ").append(Hex.decodeText(parts[i]));
        }
        String where = spec.toString().strip();
        Restart target;
        if (where.isEmpty()) {
            target = new Restart.FromStart();
        } else if (where.matches("\\d{1,18}")) {
            target = new Restart.AtEvent(Long.parseLong(where));
        } else if (where.matches("c\\d{1,9}")) {
            target = new Restart.AtCheckpoint(Integer.parseInt(where.substring(1)));
        } else {
            // gdb takes any reply but an error as vRun's stop: the reason goes to jrr's terminal
            System.err.println("jrr: 'run " + where + "': run takes nothing (the start), an event number, or c"
                    + " and a checkpoint number");
            return Action.error();
        }
        return new Action.Restart(target);
    }

    private TaskId currentTask() {
        if (current == null) {
            current = control.lastStop().task();
        }
        return current;
    }

    private TaskId queryTask() {
        return queryThread != null ? queryThread : currentTask();
    }

    private TaskId resumeTask() {
        return resumeThread != null ? resumeThread : currentTask();
    }

    /** The packet name: {@code args} up to the first of {@code delimiters}. */
    private static String name(String args, String delimiters) {
        for (int i = 0; i < args.length(); i++) {
            if (delimiters.indexOf(args.charAt(i)) >= 0) {
                return args.substring(0, i);
            }
        }
        return args;
    }

    static String abbreviate(String packet) {
        return packet.length() <= 80 ? packet : packet.substring(0, 80) + "…";
    }
}
