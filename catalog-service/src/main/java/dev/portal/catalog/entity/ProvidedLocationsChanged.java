package dev.portal.catalog.entity;

/**
 * A CDI event: a write changed or deleted a Location entity that an integration provides (not one read from a file),
 * so the targets the catalog follows may have changed. Observed after the write commits.
 */
public record ProvidedLocationsChanged(String source) {
}
