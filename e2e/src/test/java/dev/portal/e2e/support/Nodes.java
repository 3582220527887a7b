package dev.portal.e2e.support;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading lists out of GraphQL and REST answers. */
public final class Nodes {

    private Nodes() {
    }

    /** The first element {@code wanted} accepts; fails listing them all when none does. */
    public static JsonNode first(JsonNode list, Predicate<JsonNode> wanted) {
        for (JsonNode n : list) {
            if (wanted.test(n)) {
                return n;
            }
        }
        throw new AssertionError("none matched in " + list);
    }

    /** The {@code ref}s of a list of entities. */
    public static Set<String> refs(JsonNode entities) {
        Set<String> refs = new TreeSet<>();
        entities.forEach(n -> refs.add(n.get("ref").asText()));
        return refs;
    }
}
