package dev.portal.events.payload;

/**
 * Value of {@code dev.portal.entity.deleted.v1} on {@code portal.entity.changes}; a tombstone for the same key
 * follows it so compaction forgets the entity.
 *
 * @param entityRef  the deleted entity's canonical ref
 * @param uid        its {@code metadata.uid}, so a consumer can tell it from a later entity of the same name
 * @param generation the generation the deletion happened at (one past the last change), for idempotent consumers
 */
public record EntityDeleted(String entityRef, String uid, long generation) {
}
