package dev.portal.catalog.stitch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.PreparedStatement;
import java.util.List;

import org.jboss.logging.Logger;

import dev.portal.catalog.db.Database;
import dev.portal.catalog.location.ReadingConfig;

/**
 * Keeps the stored entities in the served form the configuration asks for: when
 * {@code portal.catalog.relations-compatibility} differs from the form they were stitched in (db/migration/V12), every
 * entity is queued for the deferred stitcher, which serves it in the new form in the background (a new etag, one
 * change event each). The deferred stitcher asks first thing, and again until PostgreSQL answers: the service must
 * start without its database (it is then live, not ready).
 */
@ApplicationScoped
public class ServedFormSetting {

    private static final Logger LOG = Logger.getLogger(ServedFormSetting.class);

    private final Database database;
    private final boolean relationTargets;

    public ServedFormSetting(Database database, ReadingConfig config) {
        this.database = database;
        this.relationTargets = config.relationsCompatibility();
    }

    /** Queues every entity for stitching if the stored form is not the configured one; returns how many were queued. */
    @Transactional
    public int reconcile() {
        boolean stored = database.query("SELECT relation_targets FROM served_form FOR UPDATE", List.of(),
                row -> row.getBoolean(1)).get(0);
        if (stored == relationTargets) {
            return 0;
        }
        int queued = database.call(connection -> {
            try (PreparedStatement form = connection.prepareStatement("UPDATE served_form SET relation_targets = ?");
                 PreparedStatement queue = connection.prepareStatement("INSERT INTO stitch_queue (entity_ref) "
                         + "SELECT entity_ref FROM entities ON CONFLICT (entity_ref) DO NOTHING")) {
                form.setBoolean(1, relationTargets);
                form.executeUpdate();
                return queue.executeUpdate();
            }
        });
        LOG.infof("Relations are now served %s their legacy target: %,d entities queued to be stitched again",
                relationTargets ? "with" : "without", queued);
        return queued;
    }
}
