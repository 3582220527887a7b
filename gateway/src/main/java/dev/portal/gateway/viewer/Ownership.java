package dev.portal.gateway.viewer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.gateway.catalog.EntityLoader;
import dev.portal.gateway.schema.BaseEntity;

/**
 * What one person owns, as design.md defines it: their user ref plus every group they are a member of, transitively
 * through parent groups; and everything those own (ownerOf relations). Each level of the group tree is one load.
 */
public record Ownership(JsonNode user, List<JsonNode> groups, Set<String> ownerRefs, List<JsonNode> owned) {

    public static Ownership of(String userRef, EntityLoader loader) {
        JsonNode user = loader.one(userRef);
        Map<String, JsonNode> groups = new LinkedHashMap<>();
        if (user != null) {
            List<String> frontier = targets(List.of(user), "memberOf");
            while (!frontier.isEmpty()) {
                Map<String, JsonNode> found = loader.load(frontier);
                List<JsonNode> added = new ArrayList<>();
                for (String ref : frontier) {
                    JsonNode group = found.get(EntityLoader.canonical(ref));
                    if (group != null && groups.putIfAbsent(EntityLoader.canonical(ref), group) == null) {
                        added.add(group);
                    }
                }
                frontier = targets(added, "childOf").stream().filter(r -> !groups.containsKey(EntityLoader.canonical(r))).toList();
            }
        }
        Set<String> owners = new LinkedHashSet<>();
        owners.add(EntityLoader.canonical(userRef));
        owners.addAll(groups.keySet());
        List<JsonNode> ownerEntities = new ArrayList<>(groups.values());
        if (user != null) {
            ownerEntities.add(0, user);
        }
        List<String> ownedRefs = new ArrayList<>(new LinkedHashSet<>(targets(ownerEntities, "ownerOf")));
        Map<String, JsonNode> ownedFound = loader.load(ownedRefs);
        List<JsonNode> owned = new ArrayList<>();
        ownedRefs.forEach(r -> {
            JsonNode e = ownedFound.get(EntityLoader.canonical(r));
            if (e != null) {
                owned.add(e);
            }
        });
        return new Ownership(user, new ArrayList<>(groups.values()), owners, owned);
    }

    private static List<String> targets(List<JsonNode> entities, String type) {
        List<String> refs = new ArrayList<>();
        for (JsonNode e : entities) {
            for (JsonNode r : e.path("relations")) {
                if (type.equals(r.path("type").asText())) {
                    refs.add(r.path("targetRef").asText());
                }
            }
        }
        return refs;
    }

    static String kindOf(JsonNode e) {
        return BaseEntity.wrap(e).getKind();
    }
}
