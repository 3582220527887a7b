package dev.portal.catalog.entity.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portal.events.EntityRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a catalog entity as submitted (parsed from YAML or JSON, before the catalog adds uid, etag, relations or
 * status) the way Backstage does, and reports every problem at once rather than only the first:
 * <ol>
 *   <li>the root is a JSON object with no fields besides {@code apiVersion}, {@code kind}, {@code metadata} and
 *       {@code spec} ({@code NoForeignRootFieldsEntityPolicy}: "Unknown field relations");</li>
 *   <li>{@code apiVersion}, {@code kind}, {@code metadata.name}, {@code metadata.namespace}, label and annotation keys
 *       and values, tags and links have Backstage's formats ({@code FieldFormatEntityPolicy}, default
 *       {@code makeValidator()}), with its messages;</li>
 *   <li>{@code metadata} is an object whose {@code title}/{@code description} are strings, {@code labels}/
 *       {@code annotations} objects, {@code tags}/{@code links} arrays (the {@code EntityMeta} schema, AJV
 *       messages); {@code metadata.uid}, {@code etag} and {@code generation} are not set by the user;</li>
 *   <li>for the built-in kinds (Component, API, Resource, System, Domain, Group, User, Location, Template) the
 *       apiVersion is one the kind accepts and the spec follows the kind's schema (AJV messages), with every
 *       entity-ref field parseable ({@link EntityRef#parse}'s messages). Other kinds are custom kinds: accepted with
 *       any valid apiVersion, their spec only has to be an object. A kind that spells a built-in kind in another case
 *       ("component") is rejected;</li>
 *   <li>no two keys of the entity differ only in casing ({@code buildEntitySearch}).</li>
 * </ol>
 * Placeholders ({@code $text}, {@code $json}, {@code $yaml}) must have been resolved before validation, as in
 * Backstage, where the placeholder processor runs before the policies.
 */
@ApplicationScoped
public class EntityValidator {

    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final List<String> USER_SET_FIELDS = List.of("uid", "etag", "generation");

    public EntityValidator() {
    }

    /** Every problem with the entity, in a stable order (envelope, metadata, spec, key casing); empty when valid. */
    public List<ValidationProblem> validate(JsonNode entity) {
        Problems problems = new Problems();
        if (entity == null || !entity.isObject()) {
            problems.type("", "object");
            return problems.list();
        }

        for (Iterator<String> it = entity.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!ROOT_FIELDS.contains(field)) {
                problems.add(field, "Unknown field " + field);
            }
        }

        JsonNode apiVersion = entity.get("apiVersion");
        JsonNode kind = entity.get("kind");
        boolean apiVersionValid = problems.require("apiVersion", apiVersion, BackstageFieldFormats::isValidApiVersion,
                BackstageFieldFormats.EXPECT_PREFIX_SUFFIX);
        boolean kindValid = problems.require("kind", kind, BackstageFieldFormats::isValidKind,
                BackstageFieldFormats.EXPECT_KIND);

        JsonNode metadata = entity.get("metadata");
        checkMetadata(metadata, problems);

        checkKindAndSpec(kindValid ? kind.textValue() : null, apiVersionValid ? apiVersion.textValue() : null,
                entity.get("spec"), namespaceOf(metadata), problems);

        List<String> duplicates = CaseDuplicateKeys.find(entity);
        if (!duplicates.isEmpty()) {
            problems.add(duplicates.get(0), CaseDuplicateKeys.message(duplicates));
        }
        String withNul = firstNulCharacter("", entity);
        if (withNul != null) {
            problems.add(withNul, withNul + " holds the character U+0000, which the catalog cannot store");
        }
        return problems.list();
    }

    /**
     * The path of the first field name or string value holding U+0000, or null. PostgreSQL text cannot hold it, so
     * such an entity is refused here as bad input rather than failing its write (a 500, and a Kafka message read
     * again forever).
     */
    private static String firstNulCharacter(String path, JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? path : null;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String fieldPath = (path.isEmpty() ? "" : path + ".") + field.getKey().replace("\0", "\\u0000");
                String found = field.getKey().indexOf('\0') >= 0 ? fieldPath : firstNulCharacter(fieldPath, field.getValue());
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = firstNulCharacter(path + "." + i, node.get(i));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Throws an {@link EntityValidationException} carrying every problem, if there is any. */
    public void requireValid(JsonNode entity) {
        List<ValidationProblem> problems = validate(entity);
        if (!problems.isEmpty()) {
            throw new EntityValidationException(problems);
        }
    }

    private static void checkMetadata(JsonNode metadata, Problems problems) {
        if (metadata == null || metadata.isNull()) {
            problems.add("metadata", "metadata must have a value");
            return;
        }
        if (!metadata.isObject()) {
            problems.type("/metadata", "object");
            return;
        }

        problems.require("metadata.name", metadata.get("name"), BackstageFieldFormats::isValidObjectName,
                BackstageFieldFormats.EXPECT_OBJECT_NAME);
        problems.optional("metadata.namespace", metadata.get("namespace"), BackstageFieldFormats::isValidNamespace,
                BackstageFieldFormats.EXPECT_DNS_LABEL);

        for (String field : USER_SET_FIELDS) {
            if (metadata.has(field)) {
                problems.add("metadata." + field, "metadata." + field
                        + " can not be set by the user at creation time; the catalog assigns it");
            }
        }

        for (String field : List.of("title", "description")) {
            JsonNode value = metadata.get(field);
            if (value != null && !value.isTextual()) {
                problems.type("/metadata/" + field, "string");
            }
        }

        checkKeyValues(metadata.get("labels"), "labels", BackstageFieldFormats::isValidLabelValue,
                BackstageFieldFormats.EXPECT_OBJECT_NAME, problems);
        checkKeyValues(metadata.get("annotations"), "annotations", BackstageFieldFormats::isValidAnnotationValue,
                BackstageFieldFormats.EXPECT_STRING, problems);

        JsonNode tags = metadata.get("tags");
        if (tags != null) {
            if (!tags.isArray()) {
                problems.type("/metadata/tags", "array");
            } else {
                for (int i = 0; i < tags.size(); i++) {
                    problems.require("tags." + i, tags.get(i), BackstageFieldFormats::isValidTag,
                            BackstageFieldFormats.EXPECT_TAG);
                }
            }
        }

        JsonNode links = metadata.get("links");
        if (links != null) {
            if (!links.isArray()) {
                problems.type("/metadata/links", "array");
            } else {
                for (int i = 0; i < links.size(); i++) {
                    checkLink(links.get(i), i, problems);
                }
            }
        }
    }

    private static void checkKeyValues(JsonNode map, String name,
            java.util.function.Predicate<Object> isValidValue, String valueExpectation, Problems problems) {
        if (map == null) {
            return;
        }
        if (!map.isObject()) {
            problems.type("/metadata/" + name, "object");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String field = name + "." + entry.getKey();
            // isValidAnnotationKey is the same check as isValidLabelKey
            problems.require(field, com.fasterxml.jackson.databind.node.TextNode.valueOf(entry.getKey()),
                    BackstageFieldFormats::isValidLabelKey, BackstageFieldFormats.EXPECT_PREFIX_SUFFIX);
            problems.require(field, entry.getValue(), isValidValue, valueExpectation);
        }
    }

    private static void checkLink(JsonNode link, int i, Problems problems) {
        if (link == null || !link.isObject()) {
            problems.type("/metadata/links/" + i, "object");
            return;
        }
        String prefix = "links." + i + ".";
        problems.require(prefix + "url", link.get("url"), BackstageFieldFormats::isValidUrl,
                BackstageFieldFormats.EXPECT_URL);
        problems.optional(prefix + "title", link.get("title"), BackstageFieldFormats::isValidString,
                BackstageFieldFormats.EXPECT_NON_EMPTY_STRING);
        problems.optional(prefix + "icon", link.get("icon"), BackstageFieldFormats::isValidObjectName,
                BackstageFieldFormats.EXPECT_OBJECT_NAME);
        JsonNode type = link.get("type");
        if (type != null && !type.isTextual()) {
            problems.type("/metadata/links/" + i + "/type", "string");
        }
    }

    private static void checkKindAndSpec(String kind, String apiVersion, JsonNode spec, String namespace,
            Problems problems) {
        if (kind != null && KindRules.isBuiltIn(kind)) {
            List<String> accepted = KindRules.API_VERSIONS.get(kind);
            if (apiVersion != null && !accepted.contains(apiVersion)) {
                problems.notOneOf("/apiVersion", accepted);
            }
            if (spec == null) {
                problems.required("", "spec");
            } else if (!spec.isObject()) {
                problems.type("/spec", "object");
            } else {
                KindRules.checkSpec(kind, spec, namespace, problems);
            }
            return;
        }
        if (kind != null) {
            String builtIn = KindRules.builtInKindIgnoringCase(kind);
            if (builtIn != null) {
                problems.add("kind", "\"kind\" is not valid; kinds are case sensitive and \"" + kind
                        + "\" differs from the built-in kind \"" + builtIn + "\" only in casing");
            }
        }
        // a custom kind (or an unknown one): Backstage's Entity schema only asks for an object
        if (spec != null && !spec.isObject()) {
            problems.type("/spec", "object");
        }
    }

    /** The namespace that refs in the spec default to: the entity's own, when it is a valid one. */
    private static String namespaceOf(JsonNode metadata) {
        if (metadata != null && metadata.isObject()) {
            JsonNode namespace = metadata.get("namespace");
            if (namespace != null && BackstageFieldFormats.isValidNamespace(namespace.textValue())) {
                return namespace.textValue();
            }
        }
        return EntityRef.DEFAULT_NAMESPACE;
    }
}
