package dev.portal.search.scorecard;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EntityRef;
import dev.portal.events.EventType;
import dev.portal.events.InvalidEventException;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.payload.ScorecardEvaluated;

/**
 * One message of {@code portal.scorecard.changes}, read into the facet values it gives the entity's catalog document:
 * {@code <scorecard id>:<level>} per scorecard in which the entity reached a level.
 *
 * @param entityRef   the canonical ref of the scored entity
 * @param levels      the facet values; empty when it reached no level anywhere
 * @param evaluatedAt epoch millis of the evaluation, so an older result never replaces a newer one
 */
public record ScorecardChange(String entityRef, List<String> levels, long evaluatedAt) {

    /**
     * Reads a record of the scorecard changes topic; empty for a tombstone (the entity's deletion removes it anyway).
     *
     * @throws InvalidEventException naming the problem, for a message to dead-letter
     */
    public static java.util.Optional<ScorecardChange> parse(ConsumerRecord<byte[], byte[]> record) {
        CloudEventEnvelope envelope = KafkaCloudEvents.read(record.headers());
        if (envelope.type() != EventType.SCORECARD_EVALUATED) {
            throw new InvalidEventException("Unexpected " + KafkaCloudEvents.TYPE_HEADER + " \""
                    + envelope.type().type() + "\" on " + record.topic() + " (it belongs on " + envelope.type().topic() + ")");
        }
        if (record.value() == null) {
            return java.util.Optional.empty();
        }
        ScorecardEvaluated evaluated;
        try {
            evaluated = Json.fromBytes(record.value(), ScorecardEvaluated.class);
        } catch (RuntimeException e) {
            throw new InvalidEventException("Unreadable scorecard result: " + e.getMessage(), e);
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String ref = evaluated.entityRef() != null ? evaluated.entityRef() : key;
        if (ref == null || ref.isBlank()) {
            throw new InvalidEventException("The scorecard result names no entity (no key and no entityRef)");
        }
        String canonical;
        try {
            canonical = EntityRef.parse(ref).canonical();
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("Invalid entity ref \"" + ref + "\": " + e.getMessage(), e);
        }
        List<String> levels = evaluated.scorecards().stream().filter(Objects::nonNull)
                .filter(result -> result.scorecardId() != null && result.level() != null)
                .map(result -> result.scorecardId() + ":" + result.level()).toList();
        long at = evaluated.evaluatedAt() != null ? evaluated.evaluatedAt().toEpochMilli() : record.timestamp();
        return java.util.Optional.of(new ScorecardChange(canonical, levels, at));
    }
}
