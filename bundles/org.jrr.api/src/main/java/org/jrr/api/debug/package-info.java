/**
 * Debugging a replay: the kernel's {@link org.jrr.api.debug.ReplayControl} and the frontends that serve it
 * (gdb's remote protocol, DAP).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.jrr.api.debug;
