/**
 * perf_event_open(2) for jrr: the {@code struct perf_event_attr} encoding, the ioctls, reading a count and asking
 * for a signal on overflow. Used by the tick providers (hardware branch counters) and, later, desched events.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.jrr.linux.perf;
