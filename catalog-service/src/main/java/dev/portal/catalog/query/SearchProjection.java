package dev.portal.catalog.query;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.catalog.CatalogInputException;

/**
 * Flattens a stitched entity into the (key, value) leaves Backstage filters on (its "search" table, reference §1.5):
 * nested objects become dotted keys, arrays give one leaf per element plus {@code <path>.<item> = true} for string
 * items, relations become {@code relations.<type> = <targetRef>}; keys and values are lower-cased.
 *
 * <p>We keep them as two arrays per entity instead of one row per leaf: {@code searchKeys} holds {@code key} (for
 * existence) and {@code key=value} (for equality), lower-cased, and is GIN-indexed; {@code facetValues} holds
 * {@code key=Value} with the original case, which is what facets report.
 */
public final class SearchProjection {

    static final int MAX_KEY_LENGTH = 200;
    static final int MAX_VALUE_LENGTH = 200;
    private static final Set<String> SKIPPED_ROOTS = Set.of("attachments", "relations", "status");
    private static final Set<String> SKIPPED_METADATA = Set.of("name", "namespace", "uid", "etag");

    public record Leaves(String[] searchKeys, String[] facetValues) {
    }

    private SearchProjection() {
    }

    public static Leaves of(JsonNode entity) {
        Map<String, List<String>> leaves = new LinkedHashMap<>(); // key as written → values (null = no value)
        Iterator<Map.Entry<String, JsonNode>> fields = entity.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (SKIPPED_ROOTS.contains(field.getKey())) {
                continue;
            }
            if (field.getKey().equals("metadata") && field.getValue().isObject()) {
                field.getValue().fields().forEachRemaining(meta -> {
                    if (!SKIPPED_METADATA.contains(meta.getKey())) {
                        walk("metadata." + meta.getKey(), meta.getValue(), leaves);
                    }
                });
            } else {
                walk(field.getKey(), field.getValue(), leaves);
            }
        }
        JsonNode metadata = entity.path("metadata");
        add(leaves, "metadata.name", metadata.path("name").asText(null));
        add(leaves, "metadata.namespace", metadata.path("namespace").asText("default"));
        add(leaves, "metadata.uid", metadata.path("uid").asText(null));
        for (JsonNode relation : entity.path("relations")) {
            add(leaves, "relations." + relation.path("type").asText(), relation.path("targetRef").asText());
        }
        return toArrays(leaves);
    }

    private static void walk(String path, JsonNode node, Map<String, List<String>> leaves) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> walk(path + "." + f.getKey(), f.getValue(), leaves));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isTextual()) {
                    add(leaves, path, item.asText());
                    add(leaves, path + "." + item.asText(), "true");
                } else if (item.isValueNode()) {
                    add(leaves, path, item.asText());
                } else {
                    walk(path, item, leaves);
                }
            }
        } else if (node.isNull()) {
            add(leaves, path, null);
        } else {
            add(leaves, path, node.asText());
        }
    }

    private static void add(Map<String, List<String>> leaves, String key, String value) {
        leaves.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    private static Leaves toArrays(Map<String, List<String>> leaves) {
        Set<String> searchKeys = new LinkedHashSet<>();
        Set<String> facetValues = new LinkedHashSet<>();
        Map<String, String> keysByLowerCase = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> leaf : leaves.entrySet()) {
            String key = leaf.getKey().toLowerCase(Locale.ROOT);
            String previous = keysByLowerCase.putIfAbsent(key, leaf.getKey());
            if (previous != null && !previous.equals(leaf.getKey())) {
                throw new CatalogInputException("Entity has duplicate keys that vary only in casing, '"
                        + previous + "', '" + leaf.getKey() + "'");
            }
            if (key.length() > MAX_KEY_LENGTH) {
                continue; // as Backstage: too long to index
            }
            searchKeys.add(key);
            for (String value : leaf.getValue()) {
                if (value != null && value.length() <= MAX_VALUE_LENGTH) {
                    searchKeys.add(key + "=" + value.toLowerCase(Locale.ROOT));
                    facetValues.add(key + "=" + value);
                }
            }
        }
        return new Leaves(searchKeys.toArray(String[]::new), facetValues.toArray(String[]::new));
    }
}
