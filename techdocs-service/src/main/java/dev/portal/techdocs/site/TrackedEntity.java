package dev.portal.techdocs.site;

/**
 * An entity as techdocs knows it from {@code portal.entity.changes}: its docs annotation, where it was read from and
 * who owns it.
 */
public record TrackedEntity(String entityRef, String uid, long generation, String ownerRef, String techdocsRef,
                            String location, String entityJson) {
}
