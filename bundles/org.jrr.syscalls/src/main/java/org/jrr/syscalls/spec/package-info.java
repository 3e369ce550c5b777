/**
 * A small declarative language for describing syscalls: which tracee memory the kernel writes (so recording can
 * save it), how replay reproduces the call, what it does to the fd table and what it writes to a file descriptor.
 * A {@link org.jrr.syscalls.spec.SyscallSpec} is itself a {@link org.jrr.api.syscall.SyscallHandler}; contributor
 * bundles may use this package to write their own. Start with {@link org.jrr.syscalls.spec.Dsl}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.jrr.syscalls.spec;
