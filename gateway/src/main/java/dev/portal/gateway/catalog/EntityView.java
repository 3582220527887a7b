package dev.portal.gateway.catalog;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.Json;
import dev.portal.gateway.schema.Relation;

/**
 * An entity as the gateway reads it, parsed once and immutable, so the cache can hand the same instance to every
 * request: ref, kind, name, title and relations as plain fields (what relation targets, the bulk of a page, read);
 * the rest of the document (metadata, spec, status) is parsed only when a field asks for it, once per request.
 *
 * <p>A cached view is kept small, since the cache holds up to the whole catalog: the rest of the document as
 * {@link PackedJson} (deflated against Backstage's vocabulary, a third of its JSON), the relations as pairs of interned
 * strings, and the ref, kind and namespace interned, so an entity's ref is one string shared with every relation that
 * targets it and with the cache's key. On the benchmark's 100,000 stitched entities that is 690 bytes of heap per
 * entity (retained, measured), against 1,483 with the relations as records and the rest as plain JSON bytes; a Jackson
 * tree of the same entity takes about ten times as much.
 */
public final class EntityView {

    private final String ref;
    private final String kind;
    private final String namespace;
    private final String name;
    private final String title;
    /** Type and target ref of each relation, one after the other, both interned. */
    private final String[] relationPairs;
    /** The document without relations, packed (cached views) ... */
    private final byte[] packedRest;
    /** ... or the whole document as read from the catalog for one request (never changed after). */
    private final JsonNode tree;

    private EntityView(JsonNode json, byte[] packedRest, JsonNode tree) {
        JsonNode metadata = json.path("metadata");
        String canonicalRef = EntityCache.refOf(json);
        this.ref = canonicalRef == null ? null : canonicalRef.intern();
        this.kind = json.path("kind").asText().intern();
        this.namespace = metadata.path("namespace").asText("default").intern();
        this.name = metadata.path("name").asText();
        this.title = text(metadata.path("title"));
        JsonNode relations = json.path("relations");
        this.relationPairs = new String[relations.size() * 2];
        int i = 0;
        for (JsonNode relation : relations) {
            // interned: the same few types and target refs recur across thousands of cached entities
            relationPairs[i++] = relation.path("type").asText().intern();
            relationPairs[i++] = relation.path("targetRef").asText().intern();
        }
        this.packedRest = packedRest;
        this.tree = tree;
    }

    /** A view to keep (in the cache): the document is not referenced afterwards. */
    public static EntityView compact(JsonNode json) {
        ObjectNode rest = Json.mapper().createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!"relations".equals(field.getKey())) {
                rest.set(field.getKey(), field.getValue());
            }
        }
        return new EntityView(json, PackedJson.pack(Json.toBytes(rest)), null);
    }

    /** A view for one request over a document nobody changes afterwards (e.g. a page of catalog results). */
    public static EntityView of(JsonNode json) {
        return new EntityView(json, null, json);
    }

    /**
     * The entity document, a tree of its own for a cached view (the caller may change it). Relations carry
     * {@code type} and {@code targetRef}.
     */
    public JsonNode json() {
        if (tree != null) {
            return tree;
        }
        ObjectNode json = (ObjectNode) Json.tree(PackedJson.unpack(packedRest));
        ArrayNode array = json.putArray("relations");
        for (int i = 0; i < relationPairs.length; i += 2) {
            array.addObject().put("type", relationPairs[i]).put("targetRef", relationPairs[i + 1]);
        }
        return json;
    }

    public String ref() {
        return ref;
    }

    public String kind() {
        return kind;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    /** The relations (a list of its own, unmodifiable). */
    public List<Relation> relations() {
        Relation[] relations = new Relation[relationPairs.length / 2];
        for (int i = 0; i < relations.length; i++) {
            relations[i] = new Relation(relationPairs[2 * i], relationPairs[2 * i + 1]);
        }
        return List.of(relations);
    }

    /** The refs of the relations of {@code type}, optionally only to entities of {@code kind}. */
    public List<String> relationTargets(String type, String kind) {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < relationPairs.length; i += 2) {
            if (type.equals(relationPairs[i]) && (kind == null || relationPairs[i + 1].startsWith(kind + ":"))) {
                refs.add(relationPairs[i + 1]);
            }
        }
        return refs;
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
