package org.jrr.syscalls.spec;

import java.util.List;

import org.jrr.api.syscall.MemRange;
import org.jrr.api.syscall.SyscallCall;
import org.jrr.api.syscall.TraceeMemory;

/**
 * One syscall being described: the call, its ABI (null when the specs have no layouts for the call's arch) and the
 * tracee's memory, stopped at syscall exit.
 */
public record CallContext(SyscallCall call, Abi abi, TraceeMemory memory) {

    /** A context for {@code call}, with the ABI looked up by the call's arch. */
    public static CallContext of(SyscallCall call, TraceeMemory memory) {
        return new CallContext(call, Abi.find(call.arch()).orElse(null), memory);
    }

    /** The call's ABI; fails, naming the arch, only when a spec needs a layout the specs do not have. */
    @Override
    public Abi abi() {
        if (abi == null) {
            return Abi.of(call.arch()); // throws, with a message naming the arch
        }
        return abi;
    }

    /** Adds {@code [address, address + length)} unless the pointer is null or the length is not positive. */
    public static void add(List<MemRange> out, long address, long length) {
        if (address != 0 && length > 0) {
            out.add(new MemRange(address, length));
        }
    }
}
