package org.jrr.hpc.none;

import org.jrr.api.hpc.Availability;
import org.jrr.api.hpc.HpcProvider;
import org.jrr.api.hpc.TickCounter;
import org.osgi.service.component.annotations.Component;

/**
 * The tick provider for machines without a PMU: there is no counter, so ticks are always 0. Exact replay
 * does not need one as long as task switches and asynchronous signals happen only at deterministic points
 * (syscall entry and exit, a task blocked in a syscall, a syscall-buffer flush, an rdtsc/cpuid trap); the
 * kernel takes care of that, and of the best-effort time slices for tasks that spin without syscalls.
 */
@Component(service = HpcProvider.class, property = {"jrr.name=none", "service.ranking:Integer=0"})
public final class NoneProvider implements HpcProvider {
    static final String NAME = "none";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String tickSemantics() {
        return NAME;
    }

    @Override
    public Availability probe() {
        return Availability.yes("no counter needed: tasks switch and signals arrive only at syscalls and traps");
    }

    @Override
    public TickCounter open(int tid) {
        return NoTicks.INSTANCE;
    }

    @Override
    public long skid() {
        return 0;
    }

    /** A counter that never counts. Stateless, so one instance serves every task. */
    private enum NoTicks implements TickCounter {
        INSTANCE;

        @Override
        public long ticks() {
            return 0;
        }

        /**
         * Does nothing: this provider never interrupts a task on ticks. Preemption happens only at
         * deterministic points (syscalls and traps), which replay reaches again without any counter.
         */
        @Override
        public void interruptAfter(long ticks) {
        }

        @Override
        public void close() {
        }
    }
}
