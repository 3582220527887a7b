package dev.portal.catalog.location;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A registered location: see db/migration/V4. */
public class LocationRecord {

    public UUID id;

    public String type;

    public String target;

    public boolean fromConfiguration;

    public String createdBy;

    public OffsetDateTime createdAt;

    /** The source key of the entities it emits. */
    public String source() {
        return "location:" + id;
    }
}
