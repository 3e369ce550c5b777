package org.jrr.kernel.task;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.jrr.api.JrrException;

/**
 * Runs a session on its own platform thread: ptrace requests are only accepted from the thread that attached,
 * and that thread is pinned to the tracees' CPU.
 */
public final class TracerThread {
    private TracerThread() {
    }

    public static <T> T run(String name, Callable<T> body) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name(name).unstarted(() -> {
            try {
                result.set(body.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the session ends on its own once its tracees are gone
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new JrrException(f.getMessage() == null ? f.toString() : f.getMessage(), f);
        }
        return result.get();
    }
}
