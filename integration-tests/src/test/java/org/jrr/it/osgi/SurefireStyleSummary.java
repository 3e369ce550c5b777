package org.jrr.it.osgi;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints Surefire-style lines for tests run inside Felix by bnd-testing, which itself only says "No Errors":
 * a line per class and a total, so CI logs read the same for both kinds of tests.
 */
public final class SurefireStyleSummary implements TestWatcher, BeforeAllCallback, AfterAllCallback {
    private static final class Counts implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final AtomicInteger run = new AtomicInteger(), failed = new AtomicInteger(), skipped = new AtomicInteger();
        final boolean total;

        Counts(boolean total) {
            this.total = total;
        }

        @Override
        public void close() {
            if (!total) {
                return;
            }
            System.out.printf("[INFO] Results:%n[%s] Tests run: %d, Failures: %d, Errors: 0, Skipped: %d%n",
                    failed.get() > 0 ? "ERROR" : "INFO", run.get(), failed.get(), skipped.get());
        }
    }

    private static Counts total(ExtensionContext c) {
        return c.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("jrr.total", k -> new Counts(true), Counts.class);
    }

    private static Counts perClass(ExtensionContext c) {
        return c.getStore(ExtensionContext.Namespace.create(SurefireStyleSummary.class, c.getRequiredTestClass()))
                .getOrComputeIfAbsent("class", k -> new Counts(false), Counts.class);
    }

    private long start;

    @Override
    public void beforeAll(ExtensionContext c) {
        start = System.nanoTime();
        total(c);
    }

    @Override
    public void afterAll(ExtensionContext c) {
        Counts k = perClass(c);
        System.out.printf("[%s] Tests run: %d, Failures: %d, Errors: 0, Skipped: %d, Time elapsed: %.3f s -- in %s%n",
                k.failed.get() > 0 ? "ERROR" : "INFO", k.run.get(), k.failed.get(), k.skipped.get(),
                (System.nanoTime() - start) / 1e9, c.getRequiredTestClass().getName());
    }

    private void count(ExtensionContext c, boolean failed, boolean skipped) {
        for (Counts k : new Counts[] {perClass(c.getParent().orElseThrow()), total(c)}) {
            k.run.incrementAndGet();
            if (failed) {
                k.failed.incrementAndGet();
            }
            if (skipped) {
                k.skipped.incrementAndGet();
            }
        }
    }

    @Override
    public void testSuccessful(ExtensionContext c) {
        count(c, false, false);
    }

    @Override
    public void testFailed(ExtensionContext c, Throwable cause) {
        System.out.println("[ERROR] " + c.getDisplayName() + " failed: " + cause);
        count(c, true, false);
    }

    @Override
    public void testAborted(ExtensionContext c, Throwable cause) {
        count(c, false, true);
    }

    @Override
    public void testDisabled(ExtensionContext c, Optional<String> reason) {
        count(c, false, true);
    }
}
