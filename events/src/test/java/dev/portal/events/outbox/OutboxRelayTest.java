package dev.portal.events.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.portal.events.EventType;

class OutboxRelayTest {

    /** A data source whose database is down. */
    private static final DataSource DOWN = new DataSource() {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("down");
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            throw new SQLException("down");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    };

    private static OutboxRelay.Settings settings(int batchSize) {
        return new OutboxRelay.Settings(DOWN, Map.of("bootstrap.servers", "127.0.0.1:1"), null, "test-relay",
                "portal.test", URI.create("/test"), "test_outbox", "portal.test-outbox", "outbox",
                "SELECT id, ref, payload FROM outbox ORDER BY id LIMIT ?",
                rs -> new OutboxRelay.Row(rs.getLong(1), rs.getString(2), EventType.SCORECARD_EVALUATED,
                        rs.getString(3)),
                null, batchSize, Duration.ofMillis(500), "test-relay", "Test outbox relay");
    }

    @Test
    void optionalSettingsDefaultToEmpty() {
        OutboxRelay.Settings settings = settings(10);
        assertEquals(Map.of(), settings.producerOverrides());
        assertEquals(Set.of(), settings.tombstoneAfter());
    }

    @Test
    void rejectsANonPositiveBatch() {
        assertThrows(IllegalArgumentException.class, () -> settings(0));
    }

    @Test
    void pendingIsMinusOneWhenTheDatabaseIsDown() {
        assertEquals(-1, new OutboxRelay(settings(10)).pending());
    }

    @Test
    void stopsWhileTheDatabaseIsDown() throws InterruptedException {
        OutboxRelay relay = new OutboxRelay(settings(10));
        relay.stop(); // before start: nothing to do
        relay.start();
        relay.start(); // once
        relay.stop();
        assertEquals(0, relay.published());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("test-relay")));
    }
}
