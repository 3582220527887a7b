package dev.portal.catalog.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/** Counts what ingestion has done since start, for the status endpoint and the logs. */
@ApplicationScoped
public class IngestProgress {

    private final AtomicLong read = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public void read(long count) {
        read.addAndGet(count);
    }

    public void written(long count) {
        written.addAndGet(count);
    }

    public void failed(long count) {
        failed.addAndGet(count);
    }

    public long read() {
        return read.get();
    }

    public long written() {
        return written.get();
    }

    public long failed() {
        return failed.get();
    }
}
