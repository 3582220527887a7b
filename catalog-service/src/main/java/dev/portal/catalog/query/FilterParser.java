package dev.portal.catalog.query;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.catalog.CatalogInputException;

/** Parses both of Backstage's filter syntaxes into an {@link EntityPredicate} (reference §3.2 and §3.5). */
public final class FilterParser {

    private FilterParser() {
    }

    /**
     * The GET syntax: each {@code filter} parameter is a comma-separated list of statements that must all match;
     * several parameters match if any matches. A statement is {@code key=value}, {@code key=} or {@code key}; the same
     * key twice in one parameter means either value.
     */
    public static EntityPredicate parseFilterParams(List<String> filters) {
        if (filters == null || filters.isEmpty()) {
            return new EntityPredicate.Everything();
        }
        List<EntityPredicate> anyOf = new ArrayList<>();
        for (String filter : filters) {
            Map<String, List<String>> values = new LinkedHashMap<>();
            List<EntityPredicate> allOf = new ArrayList<>();
            for (String statement : filter.split(",")) {
                String trimmed = statement.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int equals = trimmed.indexOf('=');
                if (equals == 0) {
                    throw new CatalogInputException("Invalid filter \"" + trimmed
                            + "\", expected a string on the form a=b or a= or a");
                }
                if (equals < 0) {
                    allOf.add(new EntityPredicate.Exists(lower(trimmed)));
                } else {
                    String key = lower(trimmed.substring(0, equals).trim());
                    values.computeIfAbsent(key, k -> new ArrayList<>()).add(lower(trimmed.substring(equals + 1).trim()));
                }
            }
            values.forEach((key, vs) -> allOf.add(new EntityPredicate.ValueIn(key, vs)));
            if (!allOf.isEmpty()) {
                anyOf.add(allOf.size() == 1 ? allOf.get(0) : new EntityPredicate.All(allOf));
            }
        }
        if (anyOf.isEmpty()) {
            return new EntityPredicate.Everything();
        }
        return anyOf.size() == 1 ? anyOf.get(0) : new EntityPredicate.Any(anyOf);
    }

    /**
     * The POST predicate syntax: {@code {"$all": [...]}}, {@code {"$any": [...]}}, {@code {"$not": p}}, or a map of
     * keys to a primitive, {@code {"$exists": bool}}, {@code {"$in": [...]}} or {@code {"$hasPrefix": "..."}}.
     */
    public static EntityPredicate parsePredicate(JsonNode query) {
        if (query == null || query.isNull() || query.isMissingNode()) {
            return new EntityPredicate.Everything();
        }
        if (!query.isObject()) {
            throw new CatalogInputException("Invalid query: expected an object, found " + query);
        }
        if (query.has("$all") || query.has("$any")) {
            String operator = query.has("$all") ? "$all" : "$any";
            JsonNode list = query.get(operator);
            if (!list.isArray() || query.size() != 1) {
                throw new CatalogInputException("Invalid query: " + operator + " takes an array and stands alone");
            }
            List<EntityPredicate> parts = new ArrayList<>();
            list.forEach(p -> parts.add(parsePredicate(p)));
            return operator.equals("$all") ? new EntityPredicate.All(parts) : new EntityPredicate.Any(parts);
        }
        if (query.has("$not")) {
            if (query.size() != 1) {
                throw new CatalogInputException("Invalid query: $not stands alone");
            }
            return new EntityPredicate.Not(parsePredicate(query.get("$not")));
        }
        List<EntityPredicate> fields = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> entries = query.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            fields.add(parseFieldCondition(lower(entry.getKey()), entry.getValue()));
        }
        if (fields.isEmpty()) {
            throw new CatalogInputException("Invalid query: an empty object matches nothing; leave the query out instead");
        }
        return fields.size() == 1 ? fields.get(0) : new EntityPredicate.All(fields);
    }

    private static EntityPredicate parseFieldCondition(String key, JsonNode value) {
        if (value.isValueNode() && !value.isNull()) {
            return new EntityPredicate.ValueIn(key, List.of(lower(value.asText())));
        }
        if (value.isObject() && value.size() == 1) {
            JsonNode operand;
            if ((operand = value.get("$exists")) != null && operand.isBoolean()) {
                EntityPredicate exists = new EntityPredicate.Exists(key);
                return operand.asBoolean() ? exists : new EntityPredicate.Not(exists);
            }
            if ((operand = value.get("$in")) != null && operand.isArray()) {
                List<String> values = new ArrayList<>();
                for (JsonNode item : operand) {
                    if (!item.isValueNode() || item.isNull()) {
                        throw new CatalogInputException("Invalid query for \"" + key + "\": $in takes primitive values");
                    }
                    values.add(lower(item.asText()));
                }
                return values.isEmpty() ? new EntityPredicate.Any(List.of()) : new EntityPredicate.ValueIn(key, values);
            }
            if ((operand = value.get("$hasPrefix")) != null && operand.isTextual()) {
                return new EntityPredicate.HasPrefix(key, lower(operand.asText()));
            }
        }
        throw new CatalogInputException("Invalid query for \"" + key
                + "\": expected a primitive value, $exists, $in, or $hasPrefix operator");
    }

    static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}
