package dev.portal.catalog.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.PreparedStatement;
import java.util.List;

import dev.portal.catalog.db.Database;

/** Writes event rows inside the caller's transaction; {@link OutboxRelay} publishes and removes them. */
@ApplicationScoped
public class OutboxRepository {

    private final Database database;

    public OutboxRepository(Database database) {
        this.database = database;
    }

    /** Appends the events to the outbox in the current transaction: they commit, or roll back, with the change. */
    public void append(List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        database.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO outbox (entity_ref, event_type, generation, payload) VALUES (?, ?, ?, ?)")) {
                for (OutboxEvent event : events) {
                    insert.setString(1, event.entityRef());
                    insert.setString(2, event.type().type());
                    insert.setLong(3, event.generation());
                    insert.setString(4, event.payload());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }
}
