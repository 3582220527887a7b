package dev.portal.catalog.location;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A registered location: see db/migration/V4. */
@Entity
@Table(name = "locations")
public class LocationRecord {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String target;

    @Column(name = "static", nullable = false)
    public boolean fromConfiguration;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** The source key of the entities it emits. */
    public String source() {
        return "location:" + id;
    }
}
