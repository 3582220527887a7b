package dev.portal.gateway.downstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A downstream service's answers per entity ref, kept until its change topic names the ref again ({@link #invalidate}),
 * bounded in size (least recently used go first) and in age (a safety net should an invalidation ever be missed).
 *
 * <p>It only keeps answers while it is {@linkplain #live(boolean) live}, i.e. while something follows the invalidations;
 * otherwise every read goes to the service. A load that raced an invalidation of one of its refs is answered but not
 * kept: every invalidation moves a stamp, and a load keeps only the refs not invalidated since the stamp it began at.
 */
public final class RefCache<V> {

    /** Invalidations remembered per ref; older ones only as a floor (conservative: a put older than it is dropped). */
    private static final int RECENT_INVALIDATIONS = 10_000;

    private record Entry<V>(V value, long loadedAt) {
    }

    private final int maxEntries;
    private final long maxAgeNanos;
    private final Map<String, Entry<V>> entries;
    private final Map<String, Long> invalidatedAt = new LinkedHashMap<>(256, 0.75f, false);
    private long floor;
    private long stamp;
    private boolean live;
    private long hits;
    private long misses;

    public RefCache(int maxEntries, Duration maxAge) {
        this.maxEntries = maxEntries;
        this.maxAgeNanos = maxAge.toNanos();
        this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry<V>> eldest) {
                return size() > RefCache.this.maxEntries;
            }
        };
    }

    /**
     * The answers for {@code refs}: the kept ones, and the others from {@code loader} in one call (which is given only
     * the refs not kept, and returns an answer for each ref it wants kept).
     */
    public Map<String, V> get(List<String> refs, Function<List<String>, Map<String, V>> loader) {
        Map<String, V> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        long loadFrom;
        synchronized (this) {
            long now = System.nanoTime();
            for (String ref : refs) {
                Entry<V> entry = entries.get(ref);
                if (entry != null && now - entry.loadedAt() < maxAgeNanos) {
                    found.put(ref, entry.value());
                } else {
                    missing.add(ref);
                }
            }
            hits += found.size();
            misses += missing.size();
            loadFrom = stamp;
        }
        if (!missing.isEmpty()) {
            Map<String, V> loaded = loader.apply(missing);
            put(loaded, loadFrom);
            found.putAll(loaded);
        }
        return found;
    }

    /** Keeps answers loaded from stamp {@code loadFrom} on, except those of refs invalidated since. */
    private synchronized void put(Map<String, V> loaded, long loadFrom) {
        if (!live) {
            return;
        }
        long now = System.nanoTime();
        loaded.forEach((ref, value) -> {
            if (invalidatedAt.getOrDefault(ref, floor) <= loadFrom) {
                entries.put(ref, new Entry<>(value, now));
            }
        });
    }

    /** The ref's answer changed: forget it, and any load of it in flight. */
    public synchronized void invalidate(String ref) {
        stamp++;
        entries.remove(ref);
        invalidatedAt.remove(ref);
        invalidatedAt.put(ref, stamp);
        if (invalidatedAt.size() > RECENT_INVALIDATIONS) {
            var eldest = invalidatedAt.entrySet().iterator();
            floor = Math.max(floor, eldest.next().getValue());
            eldest.remove();
        }
    }

    /** Every answer may have changed: forget them all, and every load in flight. */
    public synchronized void invalidateAll() {
        stamp++;
        entries.clear();
        invalidatedAt.clear();
        floor = stamp;
    }

    /** Whether invalidations are followed (answers are kept only then); leaving that state forgets everything. */
    public synchronized void live(boolean live) {
        if (!live) {
            invalidateAll();
        }
        this.live = live;
    }

    public synchronized boolean live() {
        return live;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    /** The refs kept now (for tests and diagnostics). */
    public synchronized Collection<String> refs() {
        return List.copyOf(entries.keySet());
    }
}
