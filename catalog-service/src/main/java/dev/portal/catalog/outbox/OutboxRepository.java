package dev.portal.catalog.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.hibernate.Session;

import dev.portal.events.EventType;

/** Writes event rows inside the caller's transaction; reads and removes them for the relay. */
@ApplicationScoped
public class OutboxRepository {

    private final EntityManager em;

    public OutboxRepository(EntityManager em) {
        this.em = em;
    }

    /** Appends the events to the outbox in the current transaction: they commit, or roll back, with the change. */
    public void append(List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
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

    /** The oldest committed events, in the order they were written. */
    static List<OutboxEvent> oldest(Connection connection, int max) throws SQLException {
        List<OutboxEvent> events = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, entity_ref, event_type, generation, payload FROM outbox ORDER BY id LIMIT ?")) {
            select.setInt(1, max);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    events.add(new OutboxEvent(rs.getLong(1), rs.getString(2),
                            EventType.fromType(rs.getString(3)).orElseThrow(), rs.getLong(4), rs.getString(5)));
                }
            }
        }
        return events;
    }

    static void remove(Connection connection, List<OutboxEvent> published) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE id = ANY(?)")) {
            delete.setArray(1, connection.createArrayOf("bigint",
                    published.stream().map(OutboxEvent::id).toArray(Long[]::new)));
            delete.executeUpdate();
        }
    }

    static long pending(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM outbox");
             ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
