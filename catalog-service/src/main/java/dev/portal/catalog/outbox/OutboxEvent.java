package dev.portal.catalog.outbox;

import dev.portal.events.EventType;

/** One change to publish: the entity's ref (the Kafka key), what happened, its generation and the payload. */
public record OutboxEvent(long id, String entityRef, EventType type, long generation, String payload) {

    public static OutboxEvent changed(String entityRef, long generation, String stitchedEntity) {
        return new OutboxEvent(0, entityRef, EventType.ENTITY_CHANGED, generation, stitchedEntity);
    }

    public static OutboxEvent deleted(String entityRef, long generation, String what) {
        return new OutboxEvent(0, entityRef, EventType.ENTITY_DELETED, generation, what);
    }
}
