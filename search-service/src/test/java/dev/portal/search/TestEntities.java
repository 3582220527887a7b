package dev.portal.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.EntityRef;
import dev.portal.events.Json;

/** Stitched entities as the catalog publishes them: with uid, etag, generation and relations. */
public final class TestEntities {

    private TestEntities() {
    }

    /** A Component owned by {@code group:default/<owner>} at generation 1, with a fresh uid. */
    public static ObjectNode component(String name, String description, String owner) {
        ObjectNode entity = Json.mapper().createObjectNode();
        entity.put("apiVersion", "backstage.io/v1alpha1").put("kind", "Component");
        ObjectNode metadata = entity.putObject("metadata");
        metadata.put("name", name).put("namespace", "default");
        if (description != null) {
            metadata.put("description", description);
        }
        entity.putObject("spec").put("type", "service").put("lifecycle", "production").put("owner", owner);
        stamp(entity, UUID.randomUUID().toString(), 1);
        relate(entity, "ownedBy", "group:default/" + owner);
        return entity;
    }

    /** The same entity at another generation (a copy; the original is left alone). */
    public static ObjectNode atGeneration(JsonNode entity, long generation) {
        ObjectNode copy = entity.deepCopy();
        stamp(copy, copy.path("metadata").path("uid").asText(), generation);
        return copy;
    }

    /** Sets uid, generation and an etag derived from them, as the catalog's stitcher does. */
    public static ObjectNode stamp(ObjectNode entity, String uid, long generation) {
        ((ObjectNode) entity.get("metadata")).put("uid", uid).put("generation", generation)
                .put("etag", Integer.toHexString((uid + generation).hashCode()));
        return entity;
    }

    public static ObjectNode relate(ObjectNode entity, String type, String targetRef) {
        ArrayNode relations = entity.has("relations") ? (ArrayNode) entity.get("relations") : entity.putArray("relations");
        relations.addObject().put("type", type).put("targetRef", targetRef);
        return entity;
    }

    public static String ref(JsonNode entity) {
        JsonNode metadata = entity.path("metadata");
        return EntityRef.of(entity.path("kind").asText(), metadata.path("namespace").asText("default"),
                metadata.path("name").asText()).canonical();
    }

    /** A JSON array of stitched entities from the test resources. */
    public static List<ObjectNode> load(String resource) {
        try (InputStream in = TestEntities.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            List<ObjectNode> entities = new ArrayList<>();
            for (JsonNode entity : Json.mapper().readTree(in)) {
                entities.add((ObjectNode) entity);
            }
            return entities;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
