package dev.portal.gateway.schema;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.gateway.catalog.EntityView;

/**
 * The fields every kind shares. Ref, kind, name, title and relations come from the entity's {@link EntityView} (shared,
 * immutable, parsed once); the rest of the document is parsed only when a field needs it, once per wrapper (one
 * wrapper per request).
 */
public abstract class BaseEntity {

    private final EntityView view;
    private JsonNode json;

    protected BaseEntity(EntityView view) {
        this.view = view;
    }

    public EntityView view() {
        return view;
    }

    /** The entity document. */
    public JsonNode json() {
        if (json == null) {
            json = view.json();
        }
        return json;
    }

    public JsonNode spec() {
        return json().path("spec");
    }

    protected String specText(String field) {
        return text(spec().path(field));
    }

    @Id
    @NonNull
    public String getId() {
        return GlobalId.of("Entity", view.ref());
    }

    @NonNull
    public String getRef() {
        return view.ref();
    }

    @NonNull
    public String getKind() {
        return view.kind();
    }

    @NonNull
    public String getNamespace() {
        return view.namespace();
    }

    @NonNull
    public String getName() {
        return view.name();
    }

    public String getApiVersion() {
        return text(json().path("apiVersion"));
    }

    public String getUid() {
        return text(json().path("metadata").path("uid"));
    }

    public String getEtag() {
        return text(json().path("metadata").path("etag"));
    }

    public String getTitle() {
        return view.title();
    }

    public String getDescription() {
        return text(json().path("metadata").path("description"));
    }

    public List<KeyValue> getLabels() {
        return pairs(json().path("metadata").path("labels"));
    }

    public List<KeyValue> getAnnotations() {
        return pairs(json().path("metadata").path("annotations"));
    }

    public List<String> getTags() {
        return strings(json().path("metadata").path("tags"));
    }

    public List<EntityLink> getLinks() {
        List<EntityLink> links = new ArrayList<>();
        for (JsonNode link : json().path("metadata").path("links")) {
            links.add(new EntityLink(link.path("url").asText(), text(link.path("title")), text(link.path("icon")),
                    text(link.path("type"))));
        }
        return links;
    }

    public List<Relation> getRelations() {
        return view.relations();
    }

    public List<EntityStatus> getStatus() {
        List<EntityStatus> items = new ArrayList<>();
        for (JsonNode item : json().path("status").path("items")) {
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
        return json().has("spec") ? json().get("spec").toString() : null;
    }

    /** The refs of this entity's relations of {@code type}, optionally only to entities of {@code kind}. */
    public List<String> relationTargets(String type, String kind) {
        return view.relationTargets(type, kind);
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
        return json == null || !json.isObject() ? null : wrap(EntityView.of(json));
    }

    /** The type for an entity's kind. */
    public static Entity wrap(EntityView view) {
        if (view == null) {
            return null;
        }
        return switch (view.kind().toLowerCase(java.util.Locale.ROOT)) {
            case "component" -> new Component(view);
            case "api" -> new Api(view);
            case "resource" -> new Resource(view);
            case "system" -> new SystemEntity(view);
            case "domain" -> new Domain(view);
            case "group" -> new Group(view);
            case "user" -> new User(view);
            case "location" -> new Location(view);
            case "template" -> new Template(view);
            default -> new GenericEntity(view);
        };
    }
}
