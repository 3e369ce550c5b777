package org.jrr.kernel.replay;

import org.jrr.api.JrrException;
import org.jrr.api.syscallbuf.SyscallBuffer;
import org.jrr.api.trace.TraceHeader;
import org.jrr.kernel.record.RecordService;
import org.jrr.kernel.services.KernelServices;

/**
 * The syscall buffer's page of entry points as replay maps it after every exec, the address after its buffered
 * entry's syscall instruction (a stop there is a buffered call the recording made traced), that of the entry
 * whose calls replay makes for real ({@link Runner} makes them on the way), and the service that
 * knows the buffers' format.
 */
record BufferPage(long address, byte[] bytes, long bufferedIp, long executedIp, SyscallBuffer service) {
    /** The page for a trace recorded with the syscall buffer; null for one recorded without. */
    static BufferPage of(TraceHeader header, KernelServices services) {
        String mode = header.properties().getOrDefault(RecordService.SYSCALLBUF, "off");
        if (mode.equals("off")) {
            return null;
        }
        SyscallBuffer b = services.syscallBuffer().orElseThrow(() -> new JrrException("the trace was recorded with"
                + " the syscall buffer (" + mode + "), which is not installed here (is the org.jrr.syscallbuf bundle"
                + " running?)"));
        // the library that replays must take the records as the one that recorded made them
        String recorded = header.properties().getOrDefault(RecordService.SYSCALLBUF_PROTOCOL, "JRRSBUF2");
        if (!recorded.equals(b.protocol())) {
            throw new JrrException("the trace was recorded with syscall buffer protocol " + recorded + ", and this"
                    + " jrr replays " + b.protocol() + " only: record the program again");
        }
        var setup = b.setup();
        return new BufferPage(setup.pageAddress(), b.replayPage(), setup.bufferedIp(), b.replayExecutedIp(), b);
    }
}
