package dev.portal.gateway.schema;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.gateway.catalog.EntityCache;

/** The fields every kind shares, read from the entity document. */
public abstract class BaseEntity {

    private final JsonNode json;
    private final String ref;

    protected BaseEntity(JsonNode json) {
        this.json = json;
        this.ref = EntityCache.refOf(json);
    }

    /** The entity document. */
    public JsonNode json() {
        return json;
    }

    public JsonNode spec() {
        return json.path("spec");
    }

    protected String specText(String field) {
        return text(json.path("spec").path(field));
    }

    @Id
    @NonNull
    public String getId() {
        return GlobalId.of("Entity", ref);
    }

    @NonNull
    public String getRef() {
        return ref;
    }

    @NonNull
    public String getKind() {
        return json.path("kind").asText();
    }

    @NonNull
    public String getNamespace() {
        return json.path("metadata").path("namespace").asText("default");
    }

    @NonNull
    public String getName() {
        return json.path("metadata").path("name").asText();
    }

    public String getApiVersion() {
        return text(json.path("apiVersion"));
    }

    public String getUid() {
        return text(json.path("metadata").path("uid"));
    }

    public String getEtag() {
        return text(json.path("metadata").path("etag"));
    }

    public String getTitle() {
        return text(json.path("metadata").path("title"));
    }

    public String getDescription() {
        return text(json.path("metadata").path("description"));
    }

    public List<KeyValue> getLabels() {
        return pairs(json.path("metadata").path("labels"));
    }

    public List<KeyValue> getAnnotations() {
        return pairs(json.path("metadata").path("annotations"));
    }

    public List<String> getTags() {
        return strings(json.path("metadata").path("tags"));
    }

    public List<EntityLink> getLinks() {
        List<EntityLink> links = new ArrayList<>();
        for (JsonNode link : json.path("metadata").path("links")) {
            links.add(new EntityLink(link.path("url").asText(), text(link.path("title")), text(link.path("icon")),
                    text(link.path("type"))));
        }
        return links;
    }

    public List<Relation> getRelations() {
        List<Relation> relations = new ArrayList<>();
        for (JsonNode relation : json.path("relations")) {
            relations.add(new Relation(relation.path("type").asText(), relation.path("targetRef").asText()));
        }
        return relations;
    }

    public List<EntityStatus> getStatus() {
        List<EntityStatus> items = new ArrayList<>();
        for (JsonNode item : json.path("status").path("items")) {
            JsonNode error = item.path("error");
            items.add(new EntityStatus(text(item.path("type")), text(item.path("level")), text(item.path("message")),
                    error.isMissingNode() || error.isNull() ? null : error.isTextual() ? error.asText()
                            : text(error.path("message"))));
        }
        return items;
    }

    public List<String> getErrors() {
        return getStatus().stream().filter(s -> "error".equals(s.level()))
                .map(s -> s.message() != null ? s.message() : s.error()).toList();
    }

    public String getSpecJson() {
        return json.has("spec") ? json.get("spec").toString() : null;
    }

    /** The refs of this entity's relations of {@code type}, optionally only to entities of {@code kind}. */
    public List<String> relationTargets(String type, String kind) {
        List<String> refs = new ArrayList<>();
        for (JsonNode relation : json.path("relations")) {
            if (type.equals(relation.path("type").asText())) {
                String target = relation.path("targetRef").asText();
                if (kind == null || target.startsWith(kind + ":")) {
                    refs.add(target);
                }
            }
        }
        return refs;
    }

    protected static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    protected static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<KeyValue> pairs(JsonNode node) {
        List<KeyValue> pairs = new ArrayList<>();
        node.fields().forEachRemaining(e -> pairs.add(new KeyValue(e.getKey(), e.getValue().asText())));
        return pairs;
    }

    /** The type for an entity document's kind. */
    public static Entity wrap(JsonNode json) {
        if (json == null || !json.isObject()) {
            return null;
        }
        return switch (json.path("kind").asText().toLowerCase(java.util.Locale.ROOT)) {
            case "component" -> new Component(json);
            case "api" -> new Api(json);
            case "resource" -> new Resource(json);
            case "system" -> new SystemEntity(json);
            case "domain" -> new Domain(json);
            case "group" -> new Group(json);
            case "user" -> new User(json);
            case "location" -> new Location(json);
            case "template" -> new Template(json);
            default -> new GenericEntity(json);
        };
    }
}
