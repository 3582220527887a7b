package dev.portal.catalog.stitch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.catalog.relation.Relation;
import dev.portal.events.Json;

/**
 * Builds the entity as served from what was accepted, the relations pointing out of it and its processing errors:
 * {@code metadata.namespace} defaulted, {@code metadata.uid}, {@code relations}, {@code status}, and the
 * {@code etag} (a hash of all that) with the {@code generation} that counts its changes.
 */
public final class Stitcher {

    /** The stitched entity with its etag; {@code generation} is decided by the caller, who knows the previous etag. */
    public record Stitched(ObjectNode entity, String etag) {
    }

    public static final String ORPHAN_ANNOTATION = "backstage.io/orphan";

    private Stitcher() {
    }

    public static Stitched stitch(JsonNode raw, String uid, List<Relation> outgoing, JsonNode statusItems, boolean orphan) {
        ObjectNode entity = raw.deepCopy();
        ObjectNode metadata = (ObjectNode) entity.get("metadata");
        if (orphan) {
            ObjectNode annotations = metadata.has("annotations") ? (ObjectNode) metadata.get("annotations")
                    : metadata.putObject("annotations");
            annotations.put(ORPHAN_ANNOTATION, "true");
        }
        if (!metadata.hasNonNull("namespace")) {
            metadata.put("namespace", "default");
        }
        metadata.put("uid", uid);
        ArrayNode relations = entity.putArray("relations");
        for (Relation relation : outgoing) {
            relations.addObject().put("type", relation.type()).put("targetRef", relation.targetRef());
        }
        if (statusItems != null && !statusItems.isEmpty()) {
            entity.putObject("status").set("items", statusItems);
        } else {
            entity.remove("status");
        }
        return new Stitched(entity, hash(entity));
    }

    /** Sets the version fields last, so they are not part of what the etag hashes. */
    public static void stamp(ObjectNode entity, String etag, long generation) {
        ObjectNode metadata = (ObjectNode) entity.get("metadata");
        metadata.put("etag", etag);
        metadata.put("generation", generation);
    }

    private static String hash(JsonNode entity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.toBytes(entity));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
