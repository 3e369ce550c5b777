/** Linux system calls jrr needs, through jnr-ffi, and the native helpers shipped in this bundle. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.jrr.linux;
