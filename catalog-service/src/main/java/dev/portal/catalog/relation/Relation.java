package dev.portal.catalog.relation;

/** {@code sourceRef --type--> targetRef}, refs canonical. */
public record Relation(String sourceRef, String type, String targetRef) {
}
