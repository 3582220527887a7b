package dev.portal.events.payload;

import java.time.Instant;

/**
 * Value of {@code dev.portal.techdocs.failed.v1} on {@code portal.techdocs.changes}: a build failed; the last good
 * site, if any, is still served.
 *
 * @param entityRef     the entity whose docs failed to build
 * @param reason        why, in words a docs author can act on
 * @param failedAt      when the build failed
 * @param servingSiteOf the build timestamp of the site still served, or null when there is none
 */
public record TechDocsFailed(String entityRef, String reason, Instant failedAt, Instant servingSiteOf) {
}
