package dev.portal.devstack;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls until a condition holds: the services follow a change asynchronously, so tests wait for it — never for a
 * fixed time. A timeout fails with what was last seen, so a failure says how far the services got. (Gateway and
 * end-to-end tests.)
 */
public final class Await {

    /** Generous for a busy 2-core machine; a healthy stack answers within a second or two. */
    public static final Duration DEFAULT = Duration.ofSeconds(90);

    private Await() {
    }

    public static <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
        return until(what, DEFAULT, probe, done);
    }

    /** Polls {@code probe} until {@code done} accepts its value; returns that value. */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object lastSeen = "nothing yet";
        long pause = 50;
        while (true) {
            try {
                T value = probe.get();
                if (done.test(value)) {
                    return value;
                }
                lastSeen = value;
            } catch (RuntimeException | AssertionError e) {
                lastSeen = e; // e.g. a service still starting: keep trying until the deadline
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; last seen: " + lastSeen);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
            pause = Math.min(pause * 2, 500);
        }
    }
}
