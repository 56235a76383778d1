package org.matdx.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for what another thread or process does after a point the test can see (a job's clean-up
 * after its end is committed). Polls; fails with the message once the limit passes. The limit is a
 * bound for a loaded machine, not a speed the test asserts.
 */
public final class Eventually {
    private Eventually() {
    }

    public static void holds(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what);
            }
        }
    }
}
