package dev.portal.catalog.entity.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Backstage's check, made when it builds an entity's search rows ({@code buildEntitySearch}), that no two keys of the
 * flattened entity differ only in casing (e.g. {@code metadata.labels.Tier} and {@code metadata.labels.tier}, or
 * {@code spec.owner} and {@code spec.Owner}): the search table is keyed by the lowercased path, so Backstage rejects
 * such an entity with {@code InputError: Entity has duplicate keys that vary only in casing, '<lowercased keys>'}.
 */
final class CaseDuplicateKeys {

    // skipped by the generic traversal (metadata.name/namespace/uid are then added back explicitly)
    private static final Set<String> SPECIAL_KEYS = Set.of("attachments", "relations", "status", "metadata.name",
            "metadata.namespace", "metadata.uid", "metadata.etag");

    private CaseDuplicateKeys() {
    }

    /** The lowercased keys that occur in more than one casing, in Backstage's order; empty when there are none. */
    static List<String> find(JsonNode entity) {
        List<String> keys = new ArrayList<>();
        Set<String> seenPathKeys = new HashSet<>();
        visit("", entity, keys, seenPathKeys);
        keys.add("metadata.name");
        keys.add("metadata.namespace");
        keys.add("metadata.uid");

        Set<String> distinct = new LinkedHashSet<>(keys);
        Set<String> lower = new HashSet<>();
        for (String key : distinct) {
            lower.add(lower(key));
        }
        List<String> difference = new ArrayList<>();
        if (distinct.size() != lower.size()) {
            for (String key : distinct) {
                String l = lower(key);
                if (!lower.remove(l) && !difference.contains(l)) {
                    difference.add(l);
                }
            }
        }
        return difference;
    }

    /** Backstage's message for {@link #find}'s result. */
    static String message(List<String> duplicates) {
        return "Entity has duplicate keys that vary only in casing, '" + String.join("', '", duplicates) + "'";
    }

    private static void visit(String path, JsonNode current, List<String> keys, Set<String> seenPathKeys) {
        if (SPECIAL_KEYS.contains(path)) {
            return;
        }
        if (current == null || current.isValueNode()) {
            keys.add(path);
            return;
        }
        if (current.isArray()) {
            for (JsonNode item : current) {
                visit(path, item, keys, seenPathKeys);
                if (item.isTextual()) {
                    String pathKey = path + "." + item.textValue();
                    if (seenPathKeys.add(lower(pathKey))) {
                        keys.add(pathKey);
                    }
                }
            }
            return;
        }
        if (current.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = current.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                visit(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), keys,
                        seenPathKeys);
            }
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
