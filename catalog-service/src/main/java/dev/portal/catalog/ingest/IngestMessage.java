package dev.portal.catalog.ingest;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EntityRef;
import dev.portal.events.EventType;
import dev.portal.events.InvalidEventException;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;

/**
 * What an integration asked for on {@code portal.entity.ingest}: upsert an entity, or delete one by ref. Read from a
 * CloudEvent in binary mode ({@code ce_*} headers, the entity as value), in structured mode (one JSON document with
 * {@code specversion}, {@code type} and {@code data}), or a bare entity document, which means upsert — so a plain
 * {@code kcat -P} of a catalog entity works.
 */
sealed interface IngestMessage {

    record Upsert(JsonNode entity) implements IngestMessage {
    }

    record Delete(String entityRef) implements IngestMessage {
    }

    /** @throws InvalidEventException with the reason, which goes to the DLQ */
    static IngestMessage parse(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (KafkaCloudEvents.header(record.headers(), KafkaCloudEvents.SPECVERSION_HEADER).isPresent()) {
            CloudEventEnvelope envelope = KafkaCloudEvents.read(record.headers());
            JsonNode data = record.value() == null || record.value().length == 0 ? null : Json.tree(record.value());
            return of(envelope.type(), data, key != null ? key : envelope.subject());
        }
        if (record.value() == null || record.value().length == 0) {
            throw new InvalidEventException("empty message without CloudEvents headers: nothing to ingest");
        }
        JsonNode document = Json.tree(record.value());
        if (document.has("specversion")) {
            if (!"1.0".equals(document.path("specversion").asText())) {
                throw new InvalidEventException("unsupported CloudEvents specversion " + document.get("specversion"));
            }
            String type = document.path("type").asText("");
            EventType eventType = EventType.fromType(type)
                    .orElseThrow(() -> new InvalidEventException("unknown event type \"" + type + "\""));
            JsonNode data = document.hasNonNull("data") ? document.get("data") : null;
            return of(eventType, data, key != null ? key : document.path("subject").asText(null));
        }
        if (document.has("apiVersion") && document.has("kind")) {
            return new Upsert(document);
        }
        throw new InvalidEventException("neither a CloudEvent nor a catalog entity (no specversion, apiVersion or kind)");
    }

    private static IngestMessage of(EventType type, JsonNode data, String ref) {
        switch (type) {
            case ENTITY_UPSERT:
                if (data == null || !data.isObject()) {
                    throw new InvalidEventException("an upsert carries the entity as its data; it was empty");
                }
                return new Upsert(data);
            case ENTITY_DELETE:
                String target = ref != null ? ref : data == null ? null : data.path("entityRef").asText(null);
                if (target == null) {
                    throw new InvalidEventException("a delete names the entity ref as key, subject or data.entityRef");
                }
                try {
                    return new Delete(EntityRef.parse(target).canonical());
                } catch (IllegalArgumentException e) {
                    throw new InvalidEventException(e.getMessage());
                }
            default:
                throw new InvalidEventException("event type " + type.type() + " does not belong on the ingest topic");
        }
    }
}
