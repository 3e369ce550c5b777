@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("6.0.0")
package org.jrr.api.trace;
