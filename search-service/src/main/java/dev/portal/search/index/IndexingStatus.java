package dev.portal.search.index;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the indexing consumers did since start, as metrics ({@code portal_search_indexing_total{outcome}},
 * {@code portal_search_indexing_paused}) and for the status endpoint.
 */
@ApplicationScoped
public class IndexingStatus {

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile String pausedBecause;
    private volatile Instant pausedSince;
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    public IndexingStatus(MeterRegistry registry) {
        this.registry = registry;
        counter("received", received);
        counter("written", written);
        counter("deleted", deleted);
        counter("skipped", skipped);
        counter("dead_lettered", deadLettered);
        meters.add(Gauge.builder("portal.search.indexing.paused", this, s -> s.pausedBecause == null ? 0 : 1)
                .description("1 while indexing waits for OpenSearch").register(registry));
    }

    private void counter(String outcome, AtomicLong value) {
        meters.add(FunctionCounter.builder("portal.search.indexing", value, AtomicLong::get).tag("outcome", outcome)
                .description("Entity change messages by what became of them").register(registry));
    }

    /**
     * The meters read this instance's fields; they must not outlive it (a registry returns an existing meter of the
     * same name, still bound to the old instance, when the application restarts in the same JVM, as tests do).
     */
    @PreDestroy
    void removeMeters() {
        meters.forEach(registry::remove);
    }

    public void received(long n) {
        received.addAndGet(n);
    }

    public void written(long n) {
        written.addAndGet(n);
    }

    public void deleted(long n) {
        deleted.addAndGet(n);
    }

    public void skipped(long n) {
        skipped.addAndGet(n);
    }

    public void deadLettered(long n) {
        deadLettered.addAndGet(n);
    }

    /** Consumption stopped until OpenSearch takes writes again. */
    public void paused(String reason) {
        if (pausedBecause == null) {
            pausedSince = Instant.now();
        }
        pausedBecause = reason;
    }

    public void resumed() {
        pausedBecause = null;
        pausedSince = null;
    }

    public Snapshot snapshot() {
        return new Snapshot(received.get(), written.get(), deleted.get(), skipped.get(), deadLettered.get(),
                pausedBecause != null, pausedBecause, pausedSince);
    }

    /** The counts since start; {@code pausedReason} is why consumption waits, while it does. */
    public record Snapshot(long received, long written, long deleted, long skipped, long deadLettered,
                           boolean paused, String pausedReason, Instant pausedSince) {
    }
}
