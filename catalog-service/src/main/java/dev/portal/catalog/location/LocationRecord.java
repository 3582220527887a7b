package dev.portal.catalog.location;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A location: registered, static, or a target of a Location entity an integration provides (db/migration/V4, V10). */
public class LocationRecord {

    public UUID id;

    public String type;

    public String target;

    public boolean fromConfiguration;

    public String createdBy;

    /** Registered by a portal-admin: like a static location, it may emit every kind (db/migration/V9). */
    public boolean registeredByAdmin;

    public OffsetDateTime createdAt;

    /** The Location entity an integration provides that names this target (db/migration/V10); null if registered. */
    public String entityRef;

    /** That entity said {@code presence: optional}: a missing target is no error. */
    public boolean presenceOptional;

    /** Whether the catalog rules apply to what it emits: not to static locations nor to those an admin registered. */
    public boolean kindsRestricted() {
        return !fromConfiguration && !registeredByAdmin;
    }

    /** The source key of the entities it emits. */
    public String source() {
        return "location:" + id;
    }
}
