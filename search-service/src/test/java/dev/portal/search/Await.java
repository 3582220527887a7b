package dev.portal.search;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds (the index follows Kafka within about a second), or fails with the last value seen. */
public final class Await {

    private Await() {
    }

    public static <T> T until(Supplier<T> probe, Predicate<T> condition, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = probe.get();
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        fail("Timed out after " + timeout.toSeconds() + " s waiting for " + what + "; last seen: " + last);
        return last;
    }

    public static <T> T until(Supplier<T> probe, Predicate<T> condition, String what) {
        return until(probe, condition, Duration.ofSeconds(20), what);
    }
}
