package dev.portal.scorecard.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.Json;

/**
 * Reads check and scorecard definitions from YAML documents or JSON bodies, with errors that say which document and
 * which field is wrong. Format (one definition per YAML document):
 * <pre>
 * kind: Check
 * id: has-owner
 * title: Has an owner
 * description: …
 * remediation: |   (Markdown)
 * filter: {kinds: [Component], types: [service], lifecycles: [production], tags: [java]}
 * expression: has(entity.spec.owner)
 * ---
 * kind: Scorecard
 * id: production-readiness
 * title: Production readiness
 * filter: {kinds: [Component, API]}
 * levels:
 *   - name: Bronze
 *     checks: [has-owner]
 * </pre>
 */
public final class DefinitionParser {

    static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,99}$");

    private DefinitionParser() {
    }

    /** The definitions in a YAML stream; {@code origin} names the file in error messages. */
    public static List<Object> parseYaml(String yaml, String origin) {
        LoadSettings settings = LoadSettings.builder().setMaxAliasesForCollections(50).setAllowDuplicateKeys(false)
                .setCodePointLimit(5_000_000).setLabel(origin).build();
        List<Object> definitions = new ArrayList<>();
        int index = 0;
        try {
            for (Object document : new Load(settings).loadAllFromString(yaml)) {
                index++;
                if (document == null) {
                    continue;
                }
                if (!(document instanceof Map<?, ?>)) {
                    throw new DefinitionException(origin + ", document " + index + ": expected a mapping with a kind");
                }
                JsonNode node = Json.mapper().valueToTree(document);
                String where = origin + ", document " + index;
                String kind = node.path("kind").asText("");
                switch (kind) {
                    case "Check" -> definitions.add(check(node, null, where));
                    case "Scorecard" -> definitions.add(scorecard(node, null, where));
                    default -> throw new DefinitionException(where + ": kind must be Check or Scorecard, not \"" + kind + "\"");
                }
            }
        } catch (YamlEngineException e) {
            throw new DefinitionException(origin + ": not valid YAML: " + e.getMessage());
        }
        return definitions;
    }

    /** A check from a JSON/YAML tree; {@code id} (from a URL) wins over, and must agree with, the body's id. */
    public static CheckDefinition check(JsonNode node, String id, String where) {
        requireObject(node, where);
        String checkId = id(node, id, where);
        String expression = text(node, "expression", where, true);
        return new CheckDefinition(checkId, text(node, "title", where, true), text(node, "description", where, false),
                text(node, "remediation", where, false), filter(node.get("filter"), where), expression);
    }

    public static ScorecardDefinition scorecard(JsonNode node, String id, String where) {
        requireObject(node, where);
        String scorecardId = id(node, id, where);
        JsonNode levels = node.get("levels");
        if (levels == null || !levels.isArray() || levels.isEmpty()) {
            throw new DefinitionException(where + ": levels must be a non-empty list of {name, checks}");
        }
        List<ScorecardDefinition.Level> parsed = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            JsonNode level = levels.get(i);
            String at = where + ": levels[" + i + "]";
            requireObject(level, at);
            String name = text(level, "name", at, true);
            if (parsed.stream().anyMatch(l -> l.name().equalsIgnoreCase(name))) {
                throw new DefinitionException(at + ": level \"" + name + "\" appears twice");
            }
            parsed.add(new ScorecardDefinition.Level(name, strings(level.get("checks"), at + ".checks")));
        }
        return new ScorecardDefinition(scorecardId, text(node, "title", where, true), text(node, "description", where, false),
                filter(node.get("filter"), where), parsed);
    }

    private static void requireObject(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new DefinitionException(where + ": expected an object");
        }
    }

    private static String id(JsonNode node, String id, String where) {
        String body = node.hasNonNull("id") ? node.get("id").asText() : null;
        if (id != null && body != null && !id.equals(body)) {
            throw new DefinitionException(where + ": id \"" + body + "\" in the body differs from \"" + id + "\" in the path");
        }
        String value = id != null ? id : body;
        if (value == null || !ID.matcher(value).matches()) {
            throw new DefinitionException(where + ": id must be 1-100 characters of a-z, 0-9, '.', '_' or '-', "
                    + "starting with a letter or digit (got " + (value == null ? "none" : "\"" + value + "\"") + ")");
        }
        return value;
    }

    private static String text(JsonNode node, String field, String where, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new DefinitionException(where + ": " + field + " is required");
            }
            return null;
        }
        if (!value.isTextual() || (required && value.asText().isBlank())) {
            throw new DefinitionException(where + ": " + field + " must be a " + (required ? "non-empty " : "") + "string");
        }
        return value.asText();
    }

    private static EntityFilter filter(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return EntityFilter.ANY;
        }
        if (!node.isObject()) {
            throw new DefinitionException(where + ": filter must be an object with kinds, types, lifecycles and/or tags");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!List.of("kinds", "types", "lifecycles", "tags").contains(name)) {
                throw new DefinitionException(where + ": filter." + name + " is not known (kinds, types, lifecycles, tags)");
            }
        });
        return new EntityFilter(strings(node.get("kinds"), where + ": filter.kinds"),
                strings(node.get("types"), where + ": filter.types"),
                strings(node.get("lifecycles"), where + ": filter.lifecycles"),
                strings(node.get("tags"), where + ": filter.tags"));
    }

    private static List<String> strings(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new DefinitionException(where + " must be a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new DefinitionException(where + " must be a list of non-empty strings");
            }
            values.add(item.asText());
        }
        return values;
    }

    /** A definition as JSON, for storage and the API. */
    public static ObjectNode toJson(Object definition) {
        ObjectNode node = Json.mapper().valueToTree(definition);
        node.put("kind", definition instanceof CheckDefinition ? "Check" : "Scorecard");
        return node;
    }
}
