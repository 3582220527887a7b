package dev.portal.techdocs.site;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.portal.techdocs.config.TechDocsConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * The files of {@code /static/docs/...} in memory (key: entity ref + site path; value: body, content type, ETag),
 * bounded by {@code portal.techdocs.cache.max-bytes}, so a page is served without a database read.
 *
 * <p>Not stale, with several replicas: every transaction that changes a site's files (build, upload, removal) also
 * sends {@code NOTIFY portal_techdocs_sites, '<entity ref>'}, which PostgreSQL delivers on commit to every replica's
 * {@link SiteChangeListener}. The replica that wrote drops the entity's files itself right after its commit; the
 * others when the notification arrives (milliseconds later; no Kafka or outbox relay in between). Files are cached
 * only while the listener listens ({@link #enable()}/{@link #disable()}: a replica that cannot hear changes serves
 * from the database). A read that raced with a change is not kept: every invalidation bumps a counter, and a file
 * read from the database is dropped again if the counter moved during the read.
 */
@ApplicationScoped
public class ServedFileCache {

    private record Key(String entityRef, String path) {
    }

    /** Bytes an entry costs besides its body (key, etag, content type, object headers), roughly. */
    private static final int OVERHEAD = 200;

    private final Cache<Key, SiteRepository.StoredFile> files;
    private final AtomicLong invalidations = new AtomicLong();
    private volatile boolean live;

    @Inject
    public ServedFileCache(TechDocsConfig config, MeterRegistry metrics) {
        this(config.cache().maxBytes().asLongValue());
        CaffeineCacheMetrics.monitor(metrics, files, "techdocs.files");
        Gauge.builder("techdocs.files.cache.bytes", this, ServedFileCache::weightedSize)
                .description("Bytes of served files held in memory").register(metrics);
    }

    ServedFileCache(long maxBytes) {
        this.files = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key key, SiteRepository.StoredFile file) -> weight(key, file))
                .executor(Runnable::run) // evict on the writing thread: the bound holds when put returns
                .recordStats()
                .build();
    }

    /** The cached file, or null (not cached, or the cache is not live). */
    public SiteRepository.StoredFile cached(String entityRef, String path) {
        return live ? files.getIfPresent(new Key(entityRef, path)) : null;
    }

    /** Reads a file with {@code read} (the database) and keeps it, unless a change raced with the read. */
    public Optional<SiteRepository.StoredFile> load(String entityRef, String path,
                                                    Supplier<Optional<SiteRepository.StoredFile>> read) {
        long before = invalidations.get();
        Optional<SiteRepository.StoredFile> file = read.get();
        if (file.isPresent() && live) {
            Key key = new Key(entityRef, path);
            files.put(key, file.get());
            if (invalidations.get() != before) {
                files.invalidate(key); // the read may predate a change committed meanwhile
            }
        }
        return file;
    }

    /** The entity's site changed (or went): forget its files. Call after the change committed. */
    public void invalidate(String entityRef) {
        invalidations.incrementAndGet();
        files.asMap().keySet().removeIf(key -> key.entityRef().equals(entityRef));
    }

    /** Changes are heard from now on: start caching (from empty, as changes may have been missed). */
    void enable() {
        invalidateAll();
        live = true;
    }

    /** Changes can no longer be heard: stop caching and forget everything. */
    void disable() {
        live = false;
        invalidateAll();
    }

    /** How many files of the entity are held (for tests and diagnostics). */
    public long filesCached(String entityRef) {
        return files.asMap().keySet().stream().filter(key -> key.entityRef().equals(entityRef)).count();
    }

    long weightedSize() {
        return files.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0L)).orElse(0L);
    }

    long size() {
        files.cleanUp();
        return files.estimatedSize();
    }

    private void invalidateAll() {
        invalidations.incrementAndGet();
        files.invalidateAll();
    }

    private static int weight(Key key, SiteRepository.StoredFile file) {
        long bytes = (long) file.body().length + 2L * (key.entityRef().length() + key.path().length()) + OVERHEAD;
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
