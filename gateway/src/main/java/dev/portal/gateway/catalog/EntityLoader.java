package dev.portal.gateway.catalog;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    /** Canonical ref → entity (a tree of its own) for every ref that exists; missing ones are absent from the map. */
    public Map<String, JsonNode> load(Collection<String> refs) {
        Map<String, JsonNode> found = new HashMap<>();
        views(refs).forEach((ref, view) -> found.put(canonical(ref), view.json()));
        return found;
    }

    public JsonNode one(String ref) {
        return load(List.of(ref)).get(canonical(ref));
    }

    /**
     * Ref as given → the entity's shared, immutable view, for every ref that exists (missing ones are absent). The
     * hot path of relation fields: cached entities are neither parsed nor copied.
     */
    public Map<String, EntityView> views(Collection<String> refs) {
        Map<String, EntityView> found = new HashMap<>();
        Map<String, List<String>> missing = new LinkedHashMap<>();   // canonical → the refs as given
        for (String ref : refs) {
            if (ref == null || found.containsKey(ref)) {
                continue;
            }
            EntityView cached = cache.view(ref);   // relation targets are canonical already: no parsing
            String canonical = null;
            if (cached == null) {
                canonical = canonical(ref);
                cached = canonical == null ? null : cache.view(canonical);
            }
            if (cached != null) {
                found.put(ref, cached);
            } else if (canonical != null) {
                missing.computeIfAbsent(canonical, c -> new ArrayList<>()).add(ref);
            }
        }
        List<String> canonicals = new ArrayList<>(missing.keySet());
        for (int i = 0; i < canonicals.size(); i += CHUNK) {
            List<String> chunk = canonicals.subList(i, Math.min(canonicals.size(), i + CHUNK));
            long readFrom = cache.position();
            JsonNode items = downstream.post(Service.CATALOG, "/api/catalog/entities/by-refs",
                    Map.of("entityRefs", chunk)).path("items");
            for (JsonNode item : items) {
                if (item != null && item.isObject()) {
                    EntityView view = cache.remember(item, readFrom);
                    missing.getOrDefault(EntityCache.refOf(item), List.of()).forEach(ref -> found.put(ref, view));
                }
            }
        }
        return found;
    }

    public EntityView oneView(String ref) {
        return views(List.of(ref)).get(ref);
    }

    public static String canonical(String ref) {
        try {
            return EntityRef.parse(ref).canonical();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
