@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("4.1.0")
package org.jrr.api.trace;
