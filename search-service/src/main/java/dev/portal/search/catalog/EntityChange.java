package dev.portal.search.catalog;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EntityRef;
import dev.portal.events.InvalidEventException;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;

/** One message of {@code portal.entity.changes}, read into what it means for the {@code software-catalog} index. */
public sealed interface EntityChange {

    /** The document id: the entity's canonical ref. */
    String id();

    /** {@code dev.portal.entity.changed.v1}: the entity as it is now, at its generation. */
    record Changed(String id, CatalogDocument document) implements EntityChange {
    }

    /** {@code dev.portal.entity.deleted.v1} with its payload: the entity is gone as of {@code marker.generation}. */
    record Deleted(String id, DeletedMarker marker) implements EntityChange {
    }

    /**
     * The tombstone (null value) the catalog sends after a deletion so compaction forgets the entity. It carries no
     * generation; it removes whatever is still indexed for the ref.
     */
    record Forgotten(String id) implements EntityChange {
    }

    /**
     * What stays indexed for a deleted entity: enough to refuse a late duplicate of one of its earlier changes. Never
     * returned by queries; removed after {@code portal.search.indexing.deleted-retention}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeletedMarker(String entityRef, String uid, long generation, boolean deleted, OffsetDateTime deletedAt) {
    }

    /**
     * Reads a record of the entity changes topic.
     *
     * @throws InvalidEventException naming the problem, for a message to dead-letter: a missing or unknown
     *                               {@code ce_type}, a type that does not belong on this topic, malformed JSON, an
     *                               entity without kind, name or generation
     */
    static EntityChange parse(ConsumerRecord<byte[], byte[]> record) {
        CloudEventEnvelope envelope = KafkaCloudEvents.read(record.headers());
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return switch (envelope.type()) {
            case ENTITY_CHANGED -> {
                if (record.value() == null) {
                    yield new Forgotten(ref(key, null));
                }
                CatalogDocument document = CatalogDocument.of(Json.tree(record.value()));
                yield new Changed(document.entityRef(), document);
            }
            case ENTITY_DELETED -> {
                if (record.value() == null) {
                    yield new Forgotten(ref(key, null));
                }
                JsonNode payload = Json.tree(record.value());
                JsonNode generation = payload.path("generation");
                if (!generation.canConvertToLong()) {
                    throw new InvalidEventException("The deletion of " + key + " has no numeric generation");
                }
                String id = ref(key, payload.path("entityRef").asText(null));
                String uid = payload.path("uid").isTextual() ? payload.path("uid").asText() : null;
                yield new Deleted(id, new DeletedMarker(id, uid, generation.asLong(), true,
                        OffsetDateTime.now(ZoneOffset.UTC)));
            }
            default -> throw new InvalidEventException("Unexpected " + KafkaCloudEvents.TYPE_HEADER + " \""
                    + envelope.type().type() + "\" on " + record.topic() + " (it belongs on "
                    + envelope.type().topic() + ")");
        };
    }

    /** The canonical ref from the payload's {@code entityRef}, else from the record key. */
    private static String ref(String key, String payloadRef) {
        String ref = payloadRef != null && !payloadRef.isBlank() ? payloadRef : key;
        if (ref == null || ref.isBlank()) {
            throw new InvalidEventException("The message names no entity (no key and no entityRef)");
        }
        try {
            return EntityRef.parse(ref).canonical();
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("Invalid entity ref \"" + ref + "\": " + e.getMessage(), e);
        }
    }
}
