package dev.portal.catalog.query;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.catalog.CatalogInputException;
import dev.portal.events.Json;

/** Backstage's {@code fields} parameter (reference §3.3): only the named dotted paths of each entity are returned. */
public final class FieldsProjection {

    private final List<String[]> paths;

    private FieldsProjection(List<String[]> paths) {
        this.paths = paths;
    }

    /** The projection for the {@code fields} values (comma lists, repeatable); null when none were given. */
    public static FieldsProjection parse(List<String> fields) {
        List<String[]> paths = new ArrayList<>();
        if (fields != null) {
            for (String value : fields) {
                for (String field : value.split(",")) {
                    String trimmed = field.trim();
                    if (trimmed.isEmpty()) {
                        continue;
                    }
                    if (trimmed.contains("[")) {
                        throw new CatalogInputException("invalid fields, array type fields are not supported");
                    }
                    paths.add(trimmed.split("\\."));
                }
            }
        }
        return paths.isEmpty() ? null : new FieldsProjection(paths);
    }

    /** The entity's JSON with only the projected paths (absent paths are left out). */
    public String apply(String entityJson) {
        JsonNode entity = Json.tree(entityJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ObjectNode projected = Json.mapper().createObjectNode();
        for (String[] path : paths) {
            JsonNode value = entity;
            for (String part : path) {
                value = value.path(part);
            }
            if (value.isMissingNode()) {
                continue;
            }
            ObjectNode parent = projected;
            for (int i = 0; i < path.length - 1; i++) {
                parent = parent.has(path[i]) && parent.get(path[i]).isObject()
                        ? (ObjectNode) parent.get(path[i]) : parent.putObject(path[i]);
            }
            parent.set(path[path.length - 1], value);
        }
        return projected.toString();
    }
}
