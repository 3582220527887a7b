package dev.portal.events.payload;

import java.time.Instant;

/**
 * Value of {@code dev.portal.techdocs.removed.v1} on {@code portal.techdocs.changes}: the entity lost its
 * {@code backstage.io/techdocs-ref} or was deleted, and its site is gone. A tombstone for the same key follows.
 */
public record TechDocsRemoved(String entityRef, Instant removedAt) {
}
