package dev.portal.events;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;

/**
 * The CloudEvents 1.0 context attributes Portal uses. In binary mode they travel as {@code ce_*} Kafka headers
 * (see {@link KafkaCloudEvents}) and the record value is the JSON data.
 *
 * @param id      unique per event; consumers may use it to drop redeliveries
 * @param source  who produced the event, e.g. {@code /catalog-service}
 * @param type    the versioned event type
 * @param subject the entity ref the event is about (canonical form); optional
 * @param time    when the change happened; optional
 */
public record CloudEventEnvelope(String id, URI source, EventType type, String subject, OffsetDateTime time) {

    public CloudEventEnvelope {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("CloudEvent id must not be empty");
        }
        if (source == null || source.toString().isEmpty()) {
            throw new IllegalArgumentException("CloudEvent source must not be empty");
        }
        Objects.requireNonNull(type, "CloudEvent type");
        // CloudEvents: "If present, MUST be a non-empty string".
        if (subject != null && subject.isEmpty()) {
            throw new IllegalArgumentException("CloudEvent subject must be absent or non-empty");
        }
    }

    /** A new event: random UUID id, time now in UTC. */
    public static CloudEventEnvelope create(URI source, EventType type, String subject) {
        return new CloudEventEnvelope(UUID.randomUUID().toString(), source, type, subject,
                OffsetDateTime.now(ZoneOffset.UTC));
    }
}
