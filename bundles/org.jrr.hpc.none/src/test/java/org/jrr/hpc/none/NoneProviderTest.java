package org.jrr.hpc.none;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jrr.api.hpc.Availability;
import org.jrr.api.hpc.HpcProvider;
import org.jrr.api.hpc.TickCounter;
import org.junit.jupiter.api.Test;

class NoneProviderTest {
    private final HpcProvider provider = new NoneProvider();

    @Test
    void describesItself() {
        assertEquals("none", provider.name());
        assertEquals("none", provider.tickSemantics());
        assertEquals(0, provider.skid());
    }

    @Test
    void alwaysAvailable() {
        Availability a = provider.probe();
        assertTrue(a.available());
        assertEquals("no counter needed: tasks switch and signals arrive only at syscalls and traps", a.reason());
    }

    @Test
    void counterNeverTicksNorInterrupts() {
        try (TickCounter counter = provider.open(1234)) {
            assertEquals(0, counter.ticks());
            counter.interruptAfter(1);
            counter.interruptAfter(Long.MAX_VALUE);
            assertEquals(0, counter.ticks());
        }
        TickCounter other = provider.open(5678);
        other.close();
        other.close(); // closing twice is harmless
        assertEquals(0, other.ticks());
    }
}
