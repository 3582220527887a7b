package dev.portal.search.docs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EntityRef;
import dev.portal.events.InvalidEventException;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.payload.TechDocsBuilt;
import dev.portal.events.payload.TechDocsFailed;
import dev.portal.events.payload.TechDocsRemoved;

/** One message of {@code portal.techdocs.changes}, read into what it means for the {@code techdocs} index. */
public sealed interface DocsChange {

    /** The canonical ref of the entity the docs belong to. */
    String entityRef();

    /** Epoch millis of the change, so an older one never undoes a newer one. */
    long at();

    /** A site was built: its pages replace the entity's pages. */
    record Built(String entityRef, long at, TechDocsBuilt site) implements DocsChange {
    }

    /** The site is gone (or the tombstone after that): the entity's pages go. */
    record Removed(String entityRef, long at) implements DocsChange {
    }

    /** A build failed: the last good site stays served, and searchable. */
    record Failed(String entityRef, long at) implements DocsChange {
    }

    /**
     * Reads a record of the TechDocs changes topic.
     *
     * @throws InvalidEventException naming the problem, for a message to dead-letter
     */
    static DocsChange parse(ConsumerRecord<byte[], byte[]> record) {
        CloudEventEnvelope envelope = KafkaCloudEvents.read(record.headers());
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        switch (envelope.type()) {
            case TECHDOCS_BUILT -> {
                if (record.value() == null) {
                    return new Removed(ref(key, null), record.timestamp());
                }
                TechDocsBuilt site = read(record, TechDocsBuilt.class);
                return new Built(ref(key, site.entityRef()), millis(site.buildTimestamp(), record), site);
            }
            case TECHDOCS_REMOVED -> {
                if (record.value() == null) {
                    return new Removed(ref(key, null), record.timestamp());
                }
                TechDocsRemoved removed = read(record, TechDocsRemoved.class);
                return new Removed(ref(key, removed.entityRef()), millis(removed.removedAt(), record));
            }
            case TECHDOCS_FAILED -> {
                if (record.value() == null) {
                    return new Removed(ref(key, null), record.timestamp());
                }
                TechDocsFailed failed = read(record, TechDocsFailed.class);
                return new Failed(ref(key, failed.entityRef()), millis(failed.failedAt(), record));
            }
            default -> throw new InvalidEventException("Unexpected " + KafkaCloudEvents.TYPE_HEADER + " \""
                    + envelope.type().type() + "\" on " + record.topic() + " (it belongs on " + envelope.type().topic() + ")");
        }
    }

    private static <T> T read(ConsumerRecord<byte[], byte[]> record, Class<T> type) {
        try {
            return Json.fromBytes(record.value(), type);
        } catch (RuntimeException e) {
            throw new InvalidEventException("Unreadable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static long millis(Instant at, ConsumerRecord<byte[], byte[]> record) {
        return at != null ? at.toEpochMilli() : record.timestamp();
    }

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
