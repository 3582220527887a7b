package dev.portal.gateway.viewer;

import java.util.ArrayList;
import java.util.Collections;
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
 * through parent groups; and everything those own (ownerOf relations). Computed for any number of people at once:
 * each level of the group tree is one load for all of them, and what they own one more.
 */
public record Ownership(JsonNode user, List<JsonNode> groups, Set<String> ownerRefs, List<JsonNode> owned,
                        List<JsonNode> ownedThroughGroups) {

    public static Ownership of(String userRef, EntityLoader loader) {
        return of(List.of(userRef), Collections.singletonList(loader.one(userRef)), loader).get(0);
    }

    /** The ownership of each user ref, in order; {@code users} holds their User entities (null where there is none). */
    public static List<Ownership> of(List<String> userRefs, List<JsonNode> users, EntityLoader loader) {
        int n = userRefs.size();
        List<Map<String, JsonNode>> groups = new ArrayList<>(n);
        List<List<String>> frontiers = new ArrayList<>(n);
        for (JsonNode user : users) {
            groups.add(new LinkedHashMap<>());
            frontiers.add(user == null ? List.of() : targets(List.of(user), "memberOf"));
        }
        while (frontiers.stream().anyMatch(f -> !f.isEmpty())) {
            Map<String, JsonNode> found = loader.load(frontiers.stream().flatMap(List::stream).distinct().toList());
            for (int i = 0; i < n; i++) {
                Map<String, JsonNode> mine = groups.get(i);
                List<JsonNode> added = new ArrayList<>();
                for (String ref : frontiers.get(i)) {
                    JsonNode group = found.get(EntityLoader.canonical(ref));
                    if (group != null && mine.putIfAbsent(EntityLoader.canonical(ref), group) == null) {
                        added.add(group);
                    }
                }
                frontiers.set(i, targets(added, "childOf").stream().filter(r -> !mine.containsKey(EntityLoader.canonical(r))).toList());
            }
        }
        List<List<String>> ownedRefs = new ArrayList<>(n);
        List<Set<String>> throughGroups = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<JsonNode> owners = new ArrayList<>(groups.get(i).values());
            throughGroups.add(new LinkedHashSet<>(targets(owners, "ownerOf")));
            if (users.get(i) != null) {
                owners.add(0, users.get(i));
            }
            ownedRefs.add(new ArrayList<>(new LinkedHashSet<>(targets(owners, "ownerOf"))));
        }
        Map<String, JsonNode> ownedFound = loader.load(ownedRefs.stream().flatMap(List::stream).distinct().toList());
        List<Ownership> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<JsonNode> owned = new ArrayList<>();
            List<JsonNode> viaGroups = new ArrayList<>();
            for (String ref : ownedRefs.get(i)) {
                JsonNode e = ownedFound.get(EntityLoader.canonical(ref));
                if (e != null) {
                    owned.add(e);
                    if (throughGroups.get(i).contains(ref)) {
                        viaGroups.add(e);
                    }
                }
            }
            Set<String> owners = new LinkedHashSet<>();
            owners.add(EntityLoader.canonical(userRefs.get(i)));
            owners.addAll(groups.get(i).keySet());
            result.add(new Ownership(users.get(i), new ArrayList<>(groups.get(i).values()), owners, owned, viaGroups));
        }
        return result;
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
