package dev.portal.catalog.stitch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.catalog.relation.Relation;
import dev.portal.events.Json;

/**
 * Builds the entity as served from what was accepted, the relations pointing out of it and its processing errors:
 * {@code metadata.namespace} defaulted, {@code metadata.uid}, {@code relations}, {@code status}, and the
 * {@code etag} with the {@code generation} that counts its changes.
 *
 * <p>The etag is a hash of those inputs rather than of the served form: the served form is a function of them, so it
 * changes exactly when they do, and an entity whose inputs did not change is known to be unchanged before anything is
 * parsed or serialised (a stitch of a large location's peers used to spend a fifth of its time serialising each entity
 * once more just to hash it).
 */
public final class Stitcher {

    public static final String ORPHAN_ANNOTATION = "backstage.io/orphan";

    /** What a script URL in {@code backstage.io/view-url} or {@code edit-url} is served as (Backstage's stitcher). */
    public static final String REJECTED_URL = "https://backstage.io/annotation-rejected-for-security-reasons";

    /** Backstage's {@code scriptProtocolPattern}: "javascript:", after control characters, with tabs or newlines in it. */
    private static final Pattern SCRIPT_URL = Pattern.compile(
            "^[\\u0000-\\u001F ]*j[\\r\\n\\t]*a[\\r\\n\\t]*v[\\r\\n\\t]*a[\\r\\n\\t]*s[\\r\\n\\t]*c[\\r\\n\\t]*r[\\r\\n\\t]*i"
                    + "[\\r\\n\\t]*p[\\r\\n\\t]*t[\\r\\n\\t]*:", Pattern.CASE_INSENSITIVE);

    /** Part of every etag: change it when {@link #build} changes what it makes of the same inputs. */
    private static final String FORM_VERSION = "served-form-3";

    private Stitcher() {
    }

    /**
     * The etag of the entity these inputs make: a hash of all of them, separated by zero bytes (which JSON text, refs
     * and relation types never contain).
     */
    public static String etag(byte[] raw, String uid, List<Relation> outgoing, String statusItems, boolean orphan) {
        return etag(raw, uid, outgoing, statusItems, orphan, true);
    }

    /** {@link #etag}, for the form with or without the relations' legacy {@code target}. */
    public static String etag(byte[] raw, String uid, List<Relation> outgoing, String statusItems, boolean orphan,
                              boolean relationTargets) {
        MessageDigest digest = sha256();
        digest.update((relationTargets ? FORM_VERSION : FORM_VERSION + "-without-relation-targets")
                .getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(raw);
        digest.update((byte) 0);
        digest.update(uid.getBytes(StandardCharsets.UTF_8));
        for (Relation relation : outgoing) {
            digest.update((byte) 0);
            digest.update(relation.type().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(relation.targetRef().getBytes(StandardCharsets.UTF_8));
        }
        digest.update((byte) 1); // the relations end
        if (statusItems != null) {
            digest.update(statusItems.getBytes(StandardCharsets.UTF_8));
        }
        digest.update((byte) (orphan ? 1 : 0));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest()).substring(0, 27);
    }

    /** The served form, without the version fields (see {@link #stamp}). */
    public static ObjectNode build(byte[] raw, String uid, List<Relation> outgoing, JsonNode statusItems, boolean orphan) {
        return build(raw, uid, outgoing, statusItems, orphan, true);
    }

    /** {@link #build}, with or without the relations' legacy {@code target} ({@code relationTargets}). */
    public static ObjectNode build(byte[] raw, String uid, List<Relation> outgoing, JsonNode statusItems, boolean orphan,
                                   boolean relationTargets) {
        ObjectNode entity = (ObjectNode) Json.tree(raw);
        ObjectNode metadata = (ObjectNode) entity.get("metadata");
        if (orphan) {
            ObjectNode annotations = metadata.has("annotations") ? (ObjectNode) metadata.get("annotations")
                    : metadata.putObject("annotations");
            annotations.put(ORPHAN_ANNOTATION, "true");
        }
        // Frontends link to these two: a script URL in them would run in the portal's origin when clicked.
        if (metadata.get("annotations") instanceof ObjectNode annotations) {
            for (String key : List.of("backstage.io/view-url", "backstage.io/edit-url")) {
                JsonNode url = annotations.get(key);
                if (url != null && url.isTextual() && SCRIPT_URL.matcher(url.textValue()).find()) {
                    annotations.put(key, REJECTED_URL);
                }
            }
        }
        if (!metadata.hasNonNull("namespace")) {
            metadata.put("namespace", "default");
        }
        metadata.put("uid", uid);
        ArrayNode relations = entity.putArray("relations");
        for (Relation relation : outgoing) {
            ObjectNode served = relations.addObject().put("type", relation.type()).put("targetRef", relation.targetRef());
            // Backstage still serves the legacy compound `target` beside `targetRef` unless
            // catalog.disableRelationsCompatibility is set; older plugins read it.
            String ref = relation.targetRef();
            int colon = ref.indexOf(':');
            int slash = ref.indexOf('/', colon + 1);
            if (relationTargets && colon > 0 && slash > colon) {
                served.putObject("target").put("kind", ref.substring(0, colon))
                        .put("namespace", ref.substring(colon + 1, slash)).put("name", ref.substring(slash + 1));
            }
        }
        if (statusItems != null && !statusItems.isEmpty()) {
            entity.putObject("status").set("items", statusItems);
        } else {
            entity.remove("status");
        }
        return entity;
    }

    /** Sets the version fields. */
    public static void stamp(ObjectNode entity, String etag, long generation) {
        ObjectNode metadata = (ObjectNode) entity.get("metadata");
        metadata.put("etag", etag);
        metadata.put("generation", generation);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
