@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("7.0.0")
package org.jrr.api.trace;
