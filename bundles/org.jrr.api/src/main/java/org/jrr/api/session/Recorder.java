package org.jrr.api.session;

/** Records a program into a trace. Provided by the kernel. */
public interface Recorder {
    /** Records until the tracee exits, or until {@link #interrupt()}; errors are {@code JrrException}s. */
    RecordResult record(RecordRequest request);

    /** Stops a running recording: the tracees are killed and the trace is finalized. Any thread may call. */
    void interrupt();
}
