package dev.portal.techdocs.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The served-file cache on its own: the byte bound, invalidation per entity, races with changes, liveness. */
class ServedFileCacheTest {

    static final String REF = "component:default/cached";

    static SiteRepository.StoredFile file(int bytes, String etag) {
        return new SiteRepository.StoredFile("text/html; charset=utf-8", "\"" + etag + "\"", new byte[bytes]);
    }

    static ServedFileCache liveCache(long maxBytes) {
        ServedFileCache cache = new ServedFileCache(maxBytes);
        cache.enable();
        return cache;
    }

    @Test
    void evictsFilesBeyondTheSizeBound() {
        ServedFileCache cache = liveCache(100_000);
        for (int i = 0; i < 10; i++) {
            String path = "page-" + i + "/index.html";
            cache.load(REF, path, () -> Optional.of(file(30_000, path)));
        }
        assertTrue(cache.weightedSize() <= 100_000, "weighted size " + cache.weightedSize());
        assertTrue(cache.size() <= 3, "entries " + cache.size());
        assertTrue(cache.size() >= 1, "entries " + cache.size());
    }

    @Test
    void keepsWhatFitsAndServesItFromMemory() {
        ServedFileCache cache = liveCache(1_000_000);
        SiteRepository.StoredFile page = file(10_000, "v1");
        cache.load(REF, "index.html", () -> Optional.of(page));
        assertArrayEquals(page.body(), cache.cached(REF, "index.html").body());
        assertEquals("\"v1\"", cache.cached(REF, "index.html").etag());
        assertNull(cache.cached(REF, "other.html"));
    }

    @Test
    void forgetsEveryFileOfAnInvalidatedEntityOnly() {
        ServedFileCache cache = liveCache(1_000_000);
        cache.load(REF, "index.html", () -> Optional.of(file(100, "a")));
        cache.load(REF, "img/logo.png", () -> Optional.of(file(100, "b")));
        cache.load("component:default/other", "index.html", () -> Optional.of(file(100, "c")));
        cache.invalidate(REF);
        assertNull(cache.cached(REF, "index.html"));
        assertNull(cache.cached(REF, "img/logo.png"));
        assertNotNull(cache.cached("component:default/other", "index.html"));
    }

    @Test
    void doesNotKeepAReadThatRacedWithAChange() {
        ServedFileCache cache = liveCache(1_000_000);
        Optional<SiteRepository.StoredFile> read = cache.load(REF, "index.html", () -> {
            cache.invalidate(REF); // the site changed while the old bytes were being read
            return Optional.of(file(100, "old"));
        });
        assertTrue(read.isPresent(), "the read is still answered");
        assertNull(cache.cached(REF, "index.html"), "but not kept: it may predate the change");
    }

    @Test
    void cachesNothingWhileChangesCannotBeHeard() {
        ServedFileCache cache = new ServedFileCache(1_000_000);
        cache.load(REF, "index.html", () -> Optional.of(file(100, "a")));
        assertNull(cache.cached(REF, "index.html"));

        cache.enable();
        cache.load(REF, "index.html", () -> Optional.of(file(100, "a")));
        assertNotNull(cache.cached(REF, "index.html"));
        cache.disable();
        assertNull(cache.cached(REF, "index.html"));
        assertEquals(0, cache.weightedSize());
    }
}
