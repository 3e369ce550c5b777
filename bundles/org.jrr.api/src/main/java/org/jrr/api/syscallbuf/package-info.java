/** The syscall buffer's contract: what the kernel needs of the bundle that buffers syscalls in the tracee. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("3.1.0")
package org.jrr.api.syscallbuf;
