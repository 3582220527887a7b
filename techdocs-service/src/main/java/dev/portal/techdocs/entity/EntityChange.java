package dev.portal.techdocs.entity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EntityRef;
import dev.portal.events.InvalidEventException;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.techdocs.site.TrackedEntity;

/** One message of {@code portal.entity.changes}, read into what it means for techdocs. */
public sealed interface EntityChange {

    String TECHDOCS_REF = "backstage.io/techdocs-ref";
    String MANAGED_BY_LOCATION = "backstage.io/managed-by-location";

    String entityRef();

    /**
     * The entity as it is now. {@code memberships}: for a User its groups (memberOf), for a Group its parents
     * (childOf); null for other kinds. {@code email}: a User's {@code spec.profile.email} (null without one, and for
     * other kinds), by which a caller without a User of their name is found.
     */
    record Changed(TrackedEntity entity, Set<String> memberships, String email) implements EntityChange {
        @Override
        public String entityRef() {
            return entity.entityRef();
        }

        public boolean isUser() {
            return entity.entityRef().startsWith("user:");
        }
    }

    /** The entity was deleted (the event, or the tombstone that follows it). */
    record Deleted(String entityRef) implements EntityChange {
    }

    /**
     * @throws InvalidEventException naming the problem, for a message to dead-letter
     */
    static EntityChange parse(ConsumerRecord<byte[], byte[]> record) {
        CloudEventEnvelope envelope = KafkaCloudEvents.read(record.headers());
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return switch (envelope.type()) {
            case ENTITY_CHANGED -> record.value() == null ? new Deleted(ref(key)) : changed(Json.tree(record.value()));
            case ENTITY_DELETED -> {
                if (record.value() == null) {
                    yield new Deleted(ref(key));
                }
                JsonNode payload = Json.tree(record.value());
                String ref = payload.path("entityRef").asText(null);
                yield new Deleted(ref(ref != null ? ref : key));
            }
            default -> throw new InvalidEventException("Unexpected " + KafkaCloudEvents.TYPE_HEADER + " \""
                    + envelope.type().type() + "\" on " + record.topic() + " (it belongs on " + envelope.type().topic() + ")");
        };
    }

    static Changed changed(JsonNode entity) {
        JsonNode metadata = entity.path("metadata");
        String kind = entity.path("kind").asText("");
        String name = metadata.path("name").asText("");
        if (kind.isEmpty() || name.isEmpty()) {
            throw new InvalidEventException("The entity has no kind or metadata.name");
        }
        String namespace = metadata.path("namespace").asText(EntityRef.DEFAULT_NAMESPACE);
        EntityRef ref;
        try {
            ref = EntityRef.of(kind, namespace.isEmpty() ? null : namespace, name);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("Invalid entity ref: " + e.getMessage(), e);
        }
        JsonNode annotations = metadata.path("annotations");
        String techdocsRef = annotations.path(TECHDOCS_REF).isTextual() && !annotations.path(TECHDOCS_REF).asText().isBlank()
                ? annotations.path(TECHDOCS_REF).asText().trim() : null;
        String location = annotations.path(MANAGED_BY_LOCATION).isTextual() ? annotations.path(MANAGED_BY_LOCATION).asText() : null;
        long generation = metadata.path("generation").canConvertToLong() ? metadata.path("generation").asLong() : 0;
        String uid = metadata.path("uid").isTextual() ? metadata.path("uid").asText() : null;
        TrackedEntity tracked = new TrackedEntity(ref.canonical(), uid, generation, owner(entity, ref), techdocsRef,
                location, new String(Json.toBytes(entity), StandardCharsets.UTF_8));
        String lowerKind = kind.toLowerCase(Locale.ROOT);
        Set<String> memberships = switch (lowerKind) {
            case "user" -> targets(entity, "memberOf", "group", namespace, entity.path("spec").path("memberOf"));
            case "group" -> targets(entity, "childOf", "group", namespace, entity.path("spec").path("parent"));
            default -> null;
        };
        JsonNode email = entity.path("spec").path("profile").path("email");
        return new Changed(tracked, memberships,
                "user".equals(lowerKind) && email.isTextual() && !email.asText().isBlank() ? email.asText().strip() : null);
    }

    /** The owner's canonical ref: the ownedBy relation, else spec.owner (a group by default). */
    private static String owner(JsonNode entity, EntityRef ref) {
        for (JsonNode relation : entity.path("relations")) {
            if ("ownedBy".equals(relation.path("type").asText()) && relation.path("targetRef").isTextual()) {
                try {
                    return EntityRef.parse(relation.path("targetRef").asText()).canonical();
                } catch (IllegalArgumentException ignored) {
                    // fall back to spec.owner
                }
            }
        }
        JsonNode owner = entity.path("spec").path("owner");
        if (owner.isTextual()) {
            try {
                return EntityRef.parse(owner.asText(), "group", ref.namespace()).canonical();
            } catch (IllegalArgumentException ignored) {
                return null;
            }
        }
        return null;
    }

    private static Set<String> targets(JsonNode entity, String relationType, String defaultKind, String namespace,
                                       JsonNode specValue) {
        Set<String> refs = new LinkedHashSet<>();
        for (JsonNode relation : entity.path("relations")) {
            if (relationType.equals(relation.path("type").asText()) && relation.path("targetRef").isTextual()) {
                refs.add(relation.path("targetRef").asText().toLowerCase(Locale.ROOT));
            }
        }
        List<JsonNode> values = new ArrayList<>();
        if (specValue.isArray()) {
            specValue.forEach(values::add);
        } else if (specValue.isTextual()) {
            values.add(specValue);
        }
        for (JsonNode value : values) {
            try {
                refs.add(EntityRef.parse(value.asText(), defaultKind, namespace).canonical());
            } catch (IllegalArgumentException ignored) {
                // not a ref; the catalog validates these
            }
        }
        return refs;
    }

    private static String ref(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("The message names no entity (no key and no entityRef)");
        }
        try {
            return EntityRef.parse(value).canonical();
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("Invalid entity ref \"" + value + "\": " + e.getMessage(), e);
        }
    }
}
