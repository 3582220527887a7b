package dev.portal.gateway.downstream;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A per-service circuit breaker: after {@code threshold} consecutive failures it opens and calls fail fast for
 * {@code openFor}; then one trial call goes through (half-open): success closes it, failure opens it again.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long openForNanos;
    private final LongSupplier clock;
    private int failures;
    private long openedAt;
    private State state = State.CLOSED;

    public CircuitBreaker(int threshold, Duration openFor, LongSupplier nanoClock) {
        this.threshold = Math.max(1, threshold);
        this.openForNanos = openFor.toNanos();
        this.clock = nanoClock;
    }

    /** Whether a call may go out now; false while open. */
    public synchronized boolean tryAcquire() {
        if (state == State.OPEN) {
            if (clock.getAsLong() - openedAt < openForNanos) {
                return false;
            }
            state = State.HALF_OPEN;
            return true;
        }
        return state == State.CLOSED;   // half-open: only the one trial call is in flight
    }

    public synchronized void onSuccess() {
        failures = 0;
        state = State.CLOSED;
    }

    public synchronized void onFailure() {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openedAt = clock.getAsLong();
        }
    }

    public synchronized State state() {
        if (state == State.OPEN && clock.getAsLong() - openedAt >= openForNanos) {
            return State.HALF_OPEN;
        }
        return state;
    }
}
