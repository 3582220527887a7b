package dev.portal.search.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.EntityRef;
import dev.portal.events.InvalidEventException;

/**
 * The {@code software-catalog} search document of one entity: Backstage's catalog collator document ({@code title},
 * {@code text}, {@code location}, {@code kind}, {@code namespace}, {@code name}, {@code owner}, {@code lifecycle},
 * {@code type}, {@code componentType}) plus what Portal filters and orders by ({@code tags}, {@code entityRef},
 * {@code uid}, {@code generation}). The scorecard levels ({@code scorecardLevel}, {@code scorecardsAt}) come from
 * another topic and are usually written onto the document apart (see {@code ScorecardIndexer}); a rebuild puts them
 * in before its first write.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogDocument(String title, String text, String location, String kind, String namespace, String name,
                              String entityRef, String uid, long generation, String owner, String lifecycle,
                              String type, String componentType, List<String> tags, List<String> scorecardLevel,
                              Long scorecardsAt) {

    /**
     * The document of a stitched entity.
     *
     * @throws InvalidEventException when the entity has no kind or {@code metadata.name}, or no numeric generation
     */
    public static CatalogDocument of(JsonNode entity) {
        if (entity == null || !entity.isObject()) {
            throw new InvalidEventException("The entity is not a JSON object");
        }
        JsonNode metadata = entity.path("metadata");
        String kind = text(entity.path("kind"));
        String name = text(metadata.path("name"));
        if (kind == null || name == null) {
            throw new InvalidEventException("The entity has no " + (kind == null ? "kind" : "metadata.name"));
        }
        String namespace = text(metadata.path("namespace"));
        EntityRef ref;
        try {
            ref = EntityRef.of(kind, namespace, name);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("The entity's ref is invalid: " + e.getMessage(), e);
        }
        JsonNode generation = metadata.path("generation");
        if (!generation.canConvertToLong()) {
            throw new InvalidEventException("The entity " + ref + " has no numeric metadata.generation");
        }
        JsonNode spec = entity.path("spec");
        String title = text(metadata.path("title"));
        String type = text(spec.path("type"));
        return new CatalogDocument(
                title != null ? title : name,
                text(entity, metadata, spec),
                "/catalog/" + ref.namespace().toLowerCase(Locale.ROOT) + "/" + kind.toLowerCase(Locale.ROOT) + "/" + name,
                kind,
                ref.namespace(),
                name,
                ref.canonical(),
                text(metadata.path("uid")),
                generation.asLong(),
                owner(entity, spec, ref.namespace()),
                text(spec.path("lifecycle")),
                type,
                type,
                tags(metadata.path("tags")),
                null,
                null);
    }

    /** This document with the entity's scorecard levels, as evaluated at {@code evaluatedAt} (epoch millis). */
    public CatalogDocument withScorecards(List<String> levels, long evaluatedAt) {
        return new CatalogDocument(title, text, location, kind, namespace, name, entityRef, uid, generation, owner,
                lifecycle, type, componentType, tags, levels, evaluatedAt);
    }

    /** Backstage: the description, and for users and groups their display name after it. */
    private static String text(JsonNode entity, JsonNode metadata, JsonNode spec) {
        String description = text(metadata.path("description"));
        String kind = entity.path("kind").asText().toLowerCase(Locale.ROOT);
        String displayName = kind.equals("user") || kind.equals("group") ? text(spec.path("profile").path("displayName")) : null;
        if (description != null && displayName != null) {
            return description + " : " + displayName;
        }
        return description != null ? description : displayName;
    }

    /** The full ref of the owner: from the {@code ownedBy} relation the catalog stitched, else from {@code spec.owner}. */
    private static String owner(JsonNode entity, JsonNode spec, String namespace) {
        for (JsonNode relation : entity.path("relations")) {
            if ("ownedBy".equals(relation.path("type").asText()) && text(relation.path("targetRef")) != null) {
                return relation.path("targetRef").asText();
            }
        }
        String owner = text(spec.path("owner"));
        if (owner == null) {
            return null;
        }
        try {
            return EntityRef.parse(owner, "group", namespace).canonical();
        } catch (IllegalArgumentException e) {
            return owner;
        }
    }

    private static List<String> tags(JsonNode tags) {
        if (!tags.isArray() || tags.isEmpty()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        tags.forEach(tag -> {
            if (tag.isTextual() && !tag.asText().isBlank()) {
                values.add(tag.asText());
            }
        });
        return values.isEmpty() ? null : List.copyOf(values);
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() && !node.asText().isBlank() ? node.asText() : null;
    }
}
