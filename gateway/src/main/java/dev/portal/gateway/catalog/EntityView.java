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
 * <p>A cached view keeps that rest as JSON bytes without the relations (they are the bulk of a stitched entity and
 * are held here as records with interned strings), so it takes less memory than the whole document's bytes did (for
 * the benchmark's components about 1.5 KB instead of 1.9 KB); a Jackson tree of the same entity takes about ten times
 * as much.
 */
public final class EntityView {

    private final String ref;
    private final String kind;
    private final String namespace;
    private final String name;
    private final String title;
    private final List<Relation> relations;
    /** The document without relations, as JSON (cached views) ... */
    private final byte[] rest;
    /** ... or the whole document as read from the catalog for one request (never changed after). */
    private final JsonNode tree;

    private EntityView(JsonNode json, byte[] rest, JsonNode tree) {
        JsonNode metadata = json.path("metadata");
        this.ref = EntityCache.refOf(json);
        this.kind = json.path("kind").asText();
        this.namespace = metadata.path("namespace").asText("default");
        this.name = metadata.path("name").asText();
        this.title = text(metadata.path("title"));
        List<Relation> relationList = new ArrayList<>();
        for (JsonNode relation : json.path("relations")) {
            // interned: the same few types and target refs recur across thousands of cached entities
            relationList.add(new Relation(relation.path("type").asText().intern(), relation.path("targetRef").asText().intern()));
        }
        this.relations = List.copyOf(relationList);
        this.rest = rest;
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
        return new EntityView(json, Json.toBytes(rest), null);
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
        ObjectNode json = (ObjectNode) Json.tree(rest);
        ArrayNode array = json.putArray("relations");
        relations.forEach(r -> array.addObject().put("type", r.type()).put("targetRef", r.targetRef()));
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

    public List<Relation> relations() {
        return relations;
    }

    /** The refs of the relations of {@code type}, optionally only to entities of {@code kind}. */
    public List<String> relationTargets(String type, String kind) {
        List<String> refs = new ArrayList<>();
        for (Relation relation : relations) {
            if (type.equals(relation.type()) && (kind == null || relation.targetRef().startsWith(kind + ":"))) {
                refs.add(relation.targetRef());
            }
        }
        return refs;
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
