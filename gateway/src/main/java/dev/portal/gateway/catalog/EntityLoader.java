package dev.portal.gateway.catalog;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.EntityRef;
import dev.portal.gateway.downstream.Downstream;
import dev.portal.gateway.downstream.Service;

/**
 * Loads entities by ref: from the event-fed cache, and whatever it misses in ONE
 * {@code POST /api/catalog/entities/by-refs} call (per 500 refs), so resolving a field for any number of entities
 * costs at most one catalog call.
 */
@ApplicationScoped
public class EntityLoader {

    static final int CHUNK = 500;

    private final EntityCache cache;
    private final Downstream downstream;

    public EntityLoader(EntityCache cache, Downstream downstream) {
        this.cache = cache;
        this.downstream = downstream;
    }

    /** Canonical ref → entity for every ref that exists; missing ones are absent from the map. */
    public Map<String, JsonNode> load(Collection<String> refs) {
        Map<String, JsonNode> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String ref : new LinkedHashSet<>(refs)) {
            if (ref == null) {
                continue;
            }
            String canonical = canonical(ref);
            JsonNode cached = cache.get(canonical);
            if (cached != null) {
                found.put(canonical, cached);
            } else if (canonical != null) {
                missing.add(canonical);
            }
        }
        for (int i = 0; i < missing.size(); i += CHUNK) {
            List<String> chunk = missing.subList(i, Math.min(missing.size(), i + CHUNK));
            JsonNode items = downstream.post(Service.CATALOG, "/api/catalog/entities/by-refs",
                    Map.of("entityRefs", chunk)).path("items");
            for (JsonNode item : items) {
                if (item != null && item.isObject()) {
                    String ref = EntityCache.refOf(item);
                    found.put(ref, item);
                    cache.remember(item);
                }
            }
        }
        return found;
    }

    public JsonNode one(String ref) {
        return load(List.of(ref)).get(canonical(ref));
    }

    public static String canonical(String ref) {
        try {
            return EntityRef.parse(ref).canonical();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
