package org.jrr.api.trace;

/**
 * One mapping of a tracee's address space, as replay must recreate it.
 *
 * @param start     first address
 * @param end       one past the last address
 * @param prot      PROT_* bits
 * @param flags     MAP_* bits (MAP_PRIVATE or MAP_SHARED, MAP_ANONYMOUS, ...)
 * @param offset    file offset, for a file mapping
 * @param name      what /proc/pid/maps showed: a path, {@code [stack]}, {@code [vdso]}, or empty
 * @param traceFile the name of the trace's copy of the mapped file ({@link TraceReader#file}), or null when
 *                  the contents come from the trace's memory records alone
 */
public record Mapping(long start, long end, int prot, int flags, long offset, String name, String traceFile) {
    public long length() {
        return end - start;
    }
}
