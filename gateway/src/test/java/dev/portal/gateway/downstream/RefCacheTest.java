package dev.portal.gateway.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RefCacheTest {

    /** A loader answering "<ref>@<n>" (n = its call count) and remembering what it was asked for. */
    static final class Loader {
        final List<List<String>> asked = new ArrayList<>();
        Runnable during = () -> { };

        Map<String, String> load(List<String> refs) {
            asked.add(List.copyOf(refs));
            during.run();
            Map<String, String> answers = new HashMap<>();
            refs.forEach(ref -> answers.put(ref, ref + "@" + asked.size()));
            return answers;
        }
    }

    private final Loader loader = new Loader();

    private RefCache<String> liveCache(int max, Duration maxAge) {
        RefCache<String> cache = new RefCache<>(max, maxAge);
        cache.live(true);
        return cache;
    }

    @Test
    void keptAnswersAreServedAndOnlyTheMissingOnesLoadedInOneCall() {
        RefCache<String> cache = liveCache(100, Duration.ofMinutes(5));
        assertEquals(Map.of("a", "a@1", "b", "b@1"), cache.get(List.of("a", "b"), loader::load));
        assertEquals(Map.of("a", "a@1", "b", "b@1", "c", "c@2"), cache.get(List.of("a", "b", "c"), loader::load));
        assertEquals(List.of(List.of("a", "b"), List.of("c")), loader.asked);
        assertEquals(2, cache.hits());
        assertEquals(3, cache.misses());
    }

    @Test
    void anInvalidatedRefIsLoadedAgain() {
        RefCache<String> cache = liveCache(100, Duration.ofMinutes(5));
        cache.get(List.of("a", "b"), loader::load);
        cache.invalidate("a");
        assertEquals(Map.of("a", "a@2", "b", "b@1"), cache.get(List.of("a", "b"), loader::load));
        cache.invalidateAll();
        assertEquals(Map.of("a", "a@3", "b", "b@3"), cache.get(List.of("a", "b"), loader::load));
    }

    @Test
    void aLoadThatRacedAnInvalidationAnswersButIsNotKept() {
        RefCache<String> cache = liveCache(100, Duration.ofMinutes(5));
        loader.during = () -> cache.invalidate("a"); // the change event arrives while the service is being asked
        assertEquals(Map.of("a", "a@1", "b", "b@1"), cache.get(List.of("a", "b"), loader::load));
        loader.during = () -> { };
        assertEquals(Map.of("a", "a@2", "b", "b@1"), cache.get(List.of("a", "b"), loader::load),
                "a's answer may predate its change: asked again; b's is kept");
    }

    @Test
    void aLoadOlderThanTheRememberedInvalidationsIsNotKept() {
        RefCache<String> cache = liveCache(100, Duration.ofMinutes(5));
        loader.during = () -> {
            for (int i = 0; i < 10_001; i++) {
                cache.invalidate("other-" + i); // so many that "a"'s own invalidation could have been forgotten
            }
        };
        cache.get(List.of("a"), loader::load);
        loader.during = () -> { };
        assertEquals(Map.of("a", "a@2"), cache.get(List.of("a"), loader::load));
    }

    @Test
    void nothingIsKeptWhileTheInvalidationsAreNotFollowed() {
        RefCache<String> cache = new RefCache<>(100, Duration.ofMinutes(5));
        cache.get(List.of("a"), loader::load);
        assertEquals(Map.of("a", "a@2"), cache.get(List.of("a"), loader::load));
        cache.live(true);
        cache.get(List.of("a"), loader::load);
        cache.live(false); // e.g. the consumer failed: what was kept may miss a change
        assertEquals(Map.of("a", "a@4"), cache.get(List.of("a"), loader::load));
        assertEquals(0, cache.size());
    }

    @Test
    void answersAreBoundedInNumberAndAge() throws InterruptedException {
        RefCache<String> cache = liveCache(2, Duration.ofMinutes(5));
        cache.get(List.of("a", "b"), loader::load);
        cache.get(List.of("a"), loader::load);       // a is now the most recently used
        cache.get(List.of("c"), loader::load);       // b goes
        assertEquals(List.of("a", "c"), List.copyOf(cache.refs()));

        RefCache<String> young = liveCache(10, Duration.ofMillis(50));
        young.get(List.of("a"), loader::load);
        Thread.sleep(80);
        assertEquals(1, young.size());
        int asked = loader.asked.size();
        young.get(List.of("a"), loader::load);
        assertEquals(asked + 1, loader.asked.size(), "an answer past its age is asked again");
    }
}
